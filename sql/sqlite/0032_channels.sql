-- Issue 19 item 7: the channel decides which papers are required. A component names the channels
-- it belongs to (bits: 1 counter, 2 online, 4 post; 7 = every channel, the default) and its
-- `required` holds on those only: online, the e-form ("Mẫu … điện tử tương tác") instead of the
-- paper declaration, which is required at a counter and by post (docs/decisions.md).
ALTER TABLE procedure_components ADD COLUMN channels INTEGER NOT NULL DEFAULT 7
	CHECK (channels BETWEEN 1 AND 7);

-- The seeded catalog's components that carry a channel in the source data (data/procedures.json
-- `channel`; data/catalog.json since this change), matched by code, id and name so that a version
-- an administrator published with other papers is left alone. The e-forms the source marks as
-- required become required (online only); before, the catalog listed them as optional.
UPDATE procedure_components SET channels = 5
WHERE code = '1.000656' AND id = 'tp05' AND name = 'Giấy tờ chứng minh nơi cư trú cuối cùng của người chết để xác định thẩm quyền trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ. Trường hợp các thông tin về giấy tờ chứng minh nơi cư trú đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư bằng các phương thức này thì người có yêu cầu không phải xuất trình (theo hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '1.000656' AND id = 'tp07' AND name = 'Mẫu hộ tịch điện tử tương tác đăng ký khai tử (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công, nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.000656' AND id = 'tp08' AND name = 'Tờ khai đăng ký khai tử theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.000894' AND id = 'tp02' AND name = 'Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ. Trường hợp các thông tin về giấy tờ chứng minh nơi cư trú đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư bằng các phương thức này thì người có yêu cầu không phải xuất trình (theo hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '1.000894' AND id = 'tp03' AND name = 'Mẫu hộ tịch điện tử tương tác đăng ký kết hôn (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công, nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.000894' AND id = 'tp04' AND name = 'Tờ khai đăng ký kết hôn theo mẫu, có đủ thông tin của hai bên nam, nữ. Hai bên nam, nữ có thể khai chung vào một Tờ khai đăng ký kết hôn (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.001022' AND id = 'tp04' AND name = 'Tờ khai đăng ký đăng ký nhận cha, mẹ, con theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '1.001022' AND id = 'tp05' AND name = 'Mẫu hộ tịch điện tử tương tác đăng ký nhận cha, mẹ, con (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công, nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.001193' AND id = 'tp05' AND name = 'Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ. Trường hợp các thông tin về giấy tờ chứng minh nơi cư trú đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư bằng các phương thức này thì người có yêu cầu không phải xuất trình (theo hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 5
WHERE code = '1.001193' AND id = 'tp07' AND name = 'Tờ khai đăng ký khai sinh theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính)';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '1.001193' AND id = 'tp08' AND name = 'Mẫu hộ tịch điện tử tương tác đăng ký khai sinh (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công, nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.004837' AND id = 'tp01' AND name = 'Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ. Trường hợp các thông tin về giấy tờ chứng minh nơi cư trú đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư bằng các phương thức này thì người có yêu cầu không phải xuất trình (theo hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '1.004837' AND id = 'tp06' AND name = 'Mẫu hộ tịch điện tử tương tác đăng ký giám hộ (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công, nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.004837' AND id = 'tp07' AND name = 'Tờ khai đăng ký giám hộ theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.004859' AND id = 'tp01' AND name = 'Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ. Trường hợp các thông tin về giấy tờ chứng minh nơi cư trú đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư bằng các phương thức này thì người có yêu cầu không phải xuất trình (theo hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '1.004859' AND id = 'tp05' AND name = 'Mẫu hộ tịch điện tử tương tác thực hiện đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc';
UPDATE procedure_components SET channels = 5
WHERE code = '1.004859' AND id = 'tp06' AND name = 'Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.004873' AND id = 'tp04' AND name = 'Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ. Trường hợp các thông tin về giấy tờ chứng minh nơi cư trú đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư bằng các phương thức này thì người có yêu cầu không phải xuất trình (theo hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '1.004873' AND id = 'tp05' AND name = 'Mẫu điện tử tương tác cấp Giấy xác nhận tình trạng hôn nhân (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.004873' AND id = 'tp06' AND name = 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)';
UPDATE procedure_components SET channels = 5
WHERE code = '1.004884' AND id = 'tp02' AND name = 'Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ. Trường hợp các thông tin về giấy tờ chứng minh nơi cư trú đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư bằng các phương thức này thì người có yêu cầu không phải xuất trình (theo hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '1.004884' AND id = 'tp07' AND name = 'Mẫu hộ tịch điện tử tương tác đăng ký lại khai sinh, trong đó có cam đoan các thông tin cung cấp là đúng sự thật, không còn bản chính Giấy khai sinh, đã nộp đủ các giấy tờ hiện có và chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công nếu người yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 5
WHERE code = '1.004884' AND id = 'tp08' AND name = 'Tờ khai đăng ký lại khai sinh theo mẫu, trong đó có cam đoan của người yêu cầu về việc đã nộp đủ các giấy tờ hiện có (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính)';
UPDATE procedure_components SET channels = 5
WHERE code = '2.000635' AND id = 'tp03' AND name = 'Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ. Trường hợp các thông tin về giấy tờ chứng minh nơi cư trú đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư bằng các phương thức này thì người có yêu cầu không phải xuất trình (theo hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến).';
UPDATE procedure_components SET channels = 5
WHERE code = '2.000635' AND id = 'tp04' AND name = 'Tờ khai đề nghị bản sao Trích lục hộ tịch theo mẫu trong trường hợp người yêu cầu là cá nhân hoặc Văn bản yêu cầu cấp bản sao Trích lục hộ tịch nêu rõ lý do trong trường hợp người yêu cầu là cơ quan, tổ chức (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '2.000635' AND id = 'tp05' AND name = 'Mẫu điện tử tương tác yêu cầu cấp bản sao Giấy khai sinh, bản sao Trích lục hộ tịch (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công, nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)';
UPDATE procedure_components SET channels = 5
WHERE code = '3.000333' AND id = 'tp01' AND name = 'Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp (Dùng cho cá nhân trong trường hợp ủy quyền yêu cầu cấp Phiếu Lý lịch tư pháp số 1 và cá nhân là cha, mẹ của người chưa thành niên yêu cầu cấp Phiếu Lý lịch tư pháp số 1, số 2), Mẫu số 02/2025/LLTP';
UPDATE procedure_components SET channels = 2
WHERE code = '3.000333' AND id = 'tp02' AND name = 'Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp điện tử tương tác (Dùng cho cá nhân trong trường hợp ủy quyền yêu cầu cấp Phiếu Lý lịch tư pháp số 1 và cá nhân là cha, mẹ của người chưa thành niên yêu cầu cấp Phiếu Lý lịch tư pháp số 1, số 2), Mẫu số 05/2025/LLTP';
UPDATE procedure_components SET channels = 5
WHERE code = '3.000333' AND id = 'tp04' AND name = 'Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp (Dùng cho cá nhân có yêu cầu cấp Phiếu Lý lịch tư pháp), Mẫu số 01/2025/LLTP';
UPDATE procedure_components SET channels = 2, required = 1
WHERE code = '3.000333' AND id = 'tp07' AND name = 'Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp điện tử tương tác (Dùng cho cá nhân có yêu cầu cấp Phiếu Lý lịch tư pháp), Mẫu số 04/2025/LLTP';
