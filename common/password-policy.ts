/** 等保三级 password rule: at least 8 characters from at least three of four character classes. */
export function passwordMeetsPolicy(pw: string): boolean {
  if (typeof pw !== 'string' || pw.length < 8 || pw.length > 128) return false;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
  return classes >= 3;
}
