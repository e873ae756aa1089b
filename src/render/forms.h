/* The official forms 01–06 of TT 03/2025/TT-VPCP (Phụ lục I) as PDF, drawn from a plain struct the
 * caller fills (no database, no JSON). Every page is A4 portrait (the 2018 rules printed 01–05 on
 * A5; one paper size keeps printing and the layout simple). Fields follow RULES.md §1.4.
 *
 * All strings are UTF-8 in NFC, borrowed for the call; NULL or "" prints a dotted blank as on the
 * paper form. Times are epoch seconds printed in Vietnam's time (UTC+7); 0 prints a blank. */
#ifndef MC_RENDER_FORMS_H
#define MC_RENDER_FORMS_H

#include "base/base.h"

#include "base/buf.h"

/* Upper bounds on list lengths (a longer list gives MC_ETOOBIG). */
#define RENDER_MAX_ROWS 1000

/* A person or organisation named on a form. */
struct render_person {
	const char *name;
	const char *id_number; /* số định danh cá nhân / mã số tổ chức */
	const char *address;
	const char *phone;
	const char *email;
};

/* One component of a dossier (Form 01's table). */
struct render_component {
	const char *name;
	const char *kind; /* "Bản chính", "Bản sao", "Bản sao chứng thực", ... */
	int quantity;
};

/* One hand-over of the dossier (Form 06's table). */
struct render_handover {
	const char *from_unit;
	const char *to_unit;
	int64_t handed_at;      /* 0 when not yet handed over */
	const char *timeliness; /* "Trước hạn", "Đúng hạn", "Quá hạn", or NULL/"" when not known */
	const char *note;       /* may be NULL */
};

struct form_data {
	int form; /* 1..6 */

	/* Header. `number` is the document's number ("002.01.50.H26-261126-0001"); it prints as
	 * "Số: <number>/<suffix>", the suffix defaulting per form to RULES.md §1.4: TTPVHCC (01),
	 * PBS-TTPVHCC (02), PTC-TTPVHCC (03), PXL (04), TBD-TTPVHCC (05, no official suffix
	 * found), PKS-TTPVHCC (06). Set number_suffix to override (e.g. "PBS-BPTNTKQ"). */
	const char *number;
	const char *number_suffix;
	const char *governing_unit; /* ĐƠN VỊ CHỦ QUẢN: "UBND THÀNH PHỐ HÀ NỘI" */
	const char *issuing_unit;   /* "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" or the point's name */
	const char *place;          /* "Hà Nội" */
	int64_t date;               /* the date of the document */

	/* The dossier. */
	const char *dossier_code;
	const char *procedure_name; /* printed as the content of the request */
	const char *receiving_unit; /* in sentences ("Trung tâm Phục vụ hành chính công thành phố Hà
	                             * Nội tiếp nhận hồ sơ của:"); NULL uses issuing_unit */
	struct render_person applicant;
	bool applicant_is_org;           /* "Tổ chức:" instead of "Ông/Bà:" */
	struct render_person authorizer; /* 01: who authorised the applicant; name NULL when none */
	const char *authorization_paper; /* 01: the authorisation paper */
	/* 01: who acted for the applicant (name NULL when nobody): "theo pháp luật" or "ủy quyền" */
	struct render_person representative;
	bool representative_legal;
	const struct render_component *components;
	size_t n_components;
	int sets;                   /* "Số lượng hồ sơ: 01 (bộ)" */
	const char *statutory_time; /* "3 ngày làm việc" */
	int64_t received_at;
	int64_t due_at;
	const char *result_place; /* "Đăng ký nhận kết quả tại: ..." */
	const char *officer_name; /* the receiving officer (01, 03), the guide (02) */
	const char *book_volume;  /* 01: "Vào Sổ theo dõi hồ sơ, Quyển số ..., Số thứ tự ..." */
	const char *book_entry;
	const char *qr_payload; /* 01: a URL to look the dossier up, at most ~210 bytes (QR version
	                         * 10, error correction M); NULL draws no QR code */
	const char *qr_caption; /* under the QR code; NULL gives "Quét mã để tra cứu hồ sơ" */

	struct form_supplement { /* 02 */
		const char *const *items; /* what to complete, numbered 1., 2., ... */
		size_t n_items;
		const char *reason;
		const char *contact_name;
		const char *contact_phone;
	} supplement;

	struct form_refusal { /* 03 */
		const char *const *reasons;
		size_t n_reasons;
	} refusal;

	struct form_apology { /* 04 */
		const char *agency;      /* the resolving agency; NULL uses issuing_unit */
		int64_t original_due;    /* 0 uses due_at */
		const char *reason;
		int64_t new_due;
		const char *agency_head; /* signs as THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ */
		/* Signed under a delegation (thừa ủy quyền, TUQ.): the delegating agency and its
		 * decision ("125/QĐ-UBND ngày 20/11/2026"); NULL when not delegated. */
		const char *tuq_agency;
		const char *tuq_decision;
	} apology;

	struct form_stop { /* 05 */
		int64_t requested_at; /* when the applicant asked to stop; 0 when not known */
		const char *reason;
		const char *signer_title; /* NULL gives "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" */
		const char *signer_name;
	} stop;

	struct form_control { /* 06 */
		const char *resolving_agency;
		const char *coordinating_agency;
		const struct render_handover *rows;
		size_t n_rows;
		const char *notes;
	} control;
};

/* Appends Form f->form as a PDF to out. On error out is left as it was. Errors: MC_EINVAL (form
 * number out of range, invalid UTF-8, a QR payload too long), MC_ETOOBIG (out's cap reached, or a
 * list longer than RENDER_MAX_ROWS), MC_EINTERNAL (cairo failed). Thread-safe; the first call
 * loads fontconfig (about 50 ms here). */
enum mc_err render_form_pdf(const struct form_data *f, struct buf *out);

/* The official title of form n (1..7), upper case; NULL for another n. */
const char *render_form_title(int n);

/* The font family the forms are set in, as pango resolved it: "Noto Serif" when installed. */
const char *render_font_family(void);

#endif
