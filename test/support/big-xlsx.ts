/** Large FAQ workbooks for the import-limit tests, written row by row (exceljs's streaming writer). */
import ExcelJS from 'exceljs';

/**
 * Writes `rows` FAQ rows under a Chinese header to `file`, with shared strings and in exceljs's
 * archive order (the sheet before the shared strings, as Excel itself writes).
 */
export async function writeFaqWorkbook(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = wb.addWorksheet('问答');
  sheet.addRow(['编号', '标准问题', '回答', '责任部门']).commit();
  for (let i = 1; i <= rows; i++) {
    sheet.addRow([`q-${i}`, `第${i}个问题怎么办理？`, `第${i}个问题的答案：请携带身份证到政务服务中心窗口办理，或在网上办理。`, '示例局']).commit();
  }
  sheet.commit();
  await wb.commit();
}
