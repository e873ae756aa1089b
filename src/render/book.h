/* Form 07, the dossier book (Sổ theo dõi hồ sơ, TT 03/2025/TT-VPCP), as an XLSX workbook or as CSV,
 * from plain rows the caller fills. Columns (RULES.md §1.4): STT, Mã hồ sơ, Tên TTHC, Tên tổ
 * chức/cá nhân, Địa chỉ/Điện thoại, Cơ quan chủ trì giải quyết, Nhận hồ sơ, Hẹn trả kết quả, Trả kết
 * quả, Phương thức nhận kết quả, Ký nhận (left empty, to sign on paper).
 *
 * Strings are UTF-8 (NFC), borrowed for the call; NULL prints as empty. Times are epoch seconds
 * shown in Vietnam's time (UTC+7); 0 leaves the cell empty. All functions are thread-safe. */
#ifndef MC_RENDER_BOOK_H
#define MC_RENDER_BOOK_H

#include "base/base.h"

#include "base/buf.h"

struct book_row {
	const char *code;
	const char *procedure_name;
	const char *applicant_name;
	const char *address; /* printed with the phone as "address; ĐT: phone" */
	const char *phone;
	const char *lead_agency;
	int64_t received_at;
	int64_t due_at;
	int64_t returned_at; /* 0 when not returned yet */
	const char *return_method; /* "Trực tiếp", "Dịch vụ bưu chính công ích", "Trực tuyến", ... */
};

/* Writes the book to a new XLSX file at path (replaced if it exists) with libxlsxwriter in
 * constant-memory mode, so memory stays flat whatever n is (rows stream through a temp file).
 * Row 1 holds the title (merged across the columns), row 2 the column heads, then one row per
 * book_row; times are real Excel date-times shown as dd/mm/yyyy hh:mm. Errors: MC_EINVAL (invalid
 * UTF-8, a string over 32767 bytes), MC_EIO (the file or a temp file could not be written). */
enum mc_err render_book_xlsx(const char *path, const char *title, const struct book_row *rows,
                             size_t n);

/* Appends the book as CSV to out: a UTF-8 byte-order mark, the column heads, then one record per
 * row; RFC 4180 quoting, CRLF line ends, times as "dd/mm/yyyy hh:mm". A cell that starts with
 * = + - @ TAB or CR gets a leading apostrophe so spreadsheets do not run it as a formula. Errors:
 * MC_EINVAL (invalid UTF-8), MC_ETOOBIG (out's cap reached; out is then left as it was). */
enum mc_err render_book_csv(struct buf *out, const struct book_row *rows, size_t n);

/* The book as a printable PDF (A4 landscape, the national header, the head repeated on every
 * page, the keeper's signature), appended to out. Errors: MC_EINVAL (invalid UTF-8), MC_ETOOBIG
 * (out's cap), MC_EINTERNAL (cairo). */
struct book_doc {
	const char *governing_unit, *issuing_unit; /* the header's left column */
	const char *keeper;                        /* the name under the signature, or NULL */
	int64_t from, to, now;                     /* the period; now dates the book */
	const struct book_row *rows;
	size_t n;
};
enum mc_err render_book_pdf(struct buf *out, const struct book_doc *d);

/* Appends one CSV cell (RFC 4180 quoting; a cell starting with = + - @ TAB or CR gets a leading
 * quote against formula injection) and a comma, or CRLF when last. */
enum mc_err render_csv_cell(struct buf *out, const char *s, bool last);

/* A plain table: a title, a header row and rows of text cells (row-major, nrows × ncols). A cell
 * written as a plain decimal number (an optional '-', no leading zero, at most 15 digits and one
 * '.') is a number in XLSX, unless its column is in text_cols (bit c: column c, for codes such as
 * an indicator's "2.1"); anything else, an identity number's leading zeros included, stays text. */
enum mc_err render_table_xlsx(const char *path, const char *title, const char *const *head,
			      size_t ncols, const char *const *cells, size_t nrows, uint32_t text_cols);
enum mc_err render_table_csv(struct buf *out, const char *const *head, size_t ncols,
			     const char *const *cells, size_t nrows);

#endif
