/** The login page's Chinese wording, in one place. */
export const TEXT = {
  enterBoth: '请输入用户名和密码。',
  enterUsername: '请输入用户名。',
  enterPassword: '请输入密码。',
  wrong: '用户名或密码不正确。',
  forbidden: '请求来源未通过安全校验，请直接打开本系统的登录页面后重试。',
  tooMany: '登录失败次数过多，请稍后再试。',
  tooManyFor: (minutes: number) => '登录失败次数过多，请在 ' + minutes + ' 分钟后再试。',
  unavailable: '服务暂时不可用，请稍后再试。',
  offline: '无法连接服务器，请检查网络后重试。',
  signingIn: '正在登录…',
  signIn: '登录',
  /** Development only (no users configured): where the accounts' passwords are; never the passwords. */
  devAccounts: (usernames: readonly string[]) => '开发环境：尚未配置用户。开发账号 ' + usernames.join('、') + ' 的密码在服务器上的文件 ',
  devAccountsEnd: ' 中。',
} as const;
