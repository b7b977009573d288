/** Words of the staff sign-in and password change, shared by the manage app and the counter console. */
export const authZh = {
  auth: {
    login: {
      username: "用户名",
      password: "密码",
      submit: "登录",
      usernameRequired: "请输入用户名",
      passwordRequired: "请输入密码",
      lockedHint: "账号已锁定时，请等待锁定结束或联系场所负责人解锁。",
      footer: "请妥善保管账号密码，离开工位时及时退出登录",
    },
    pwd: {
      forcedTitle: "请修改初始密码",
      forcedLead: "为保障账号安全，首次登录或密码被重置后，须先修改密码才能继续使用。",
      title: "修改密码",
      current: "当前密码",
      next: "新密码",
      repeat: "确认新密码",
      rule: "至少 8 位，须同时包含字母和数字",
      mismatch: "两次输入的新密码不一致",
      weak: "密码至少 8 位，且须同时包含字母和数字",
      submit: "修改密码",
      done: "密码已修改",
      signOutInstead: "退出登录",
    },
    required: "必填",
  },
};

export const authEn: typeof authZh = {
  auth: {
    login: {
      username: "Username",
      password: "Password",
      submit: "Sign in",
      usernameRequired: "Enter your username",
      passwordRequired: "Enter your password",
      lockedHint: "If the account is locked, wait for the lock to end or ask your site manager to unlock it.",
      footer: "Keep your password safe and sign out when you leave your desk",
    },
    pwd: {
      forcedTitle: "Change your initial password",
      forcedLead: "For your account's safety, change the password before going on (first sign-in or after a reset).",
      title: "Change password",
      current: "Current password",
      next: "New password",
      repeat: "Repeat new password",
      rule: "At least 8 characters, with letters and digits",
      mismatch: "The two new passwords differ",
      weak: "At least 8 characters, with letters and digits",
      submit: "Change password",
      done: "Password changed",
      signOutInstead: "Sign out",
    },
    required: "Required",
  },
};
