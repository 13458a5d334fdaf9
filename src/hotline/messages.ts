/**
 * The hotline's own wording: what an operator reads out to a caller (read-out.ts). Chat phrasing
 * ("还可以问我…", "说转人工") addresses a chat user and has no place on the phone, where the
 * operator is the person.
 */
export const READ_OUT = {
  /** The heading of a field's answer: 「药品零售企业许可」所需材料. */
  heading: (name: string, label: string) => `「${name}」${label}`,
  /** The heading of an overview: the entry's name alone. */
  overviewHeading: (name: string) => `「${name}」`,
  department: (department: string) => `办理部门：${department}`,
  /** An overview counts the materials; the operator reads the list when the caller asks for it. */
  materialsCount: (n: number) => `申请材料：共${n}项`,
  /** The entry does not state the field: say so, and where the caller can ask. */
  notStated: (name: string, label: string, phone: string | undefined) =>
    `「${name}」的资料里没有写明${label}。` + (phone ? `您可以拨打咨询电话 ${phone} 确认。` : '我可以为您登记，转相关部门答复。'),
} as const;
