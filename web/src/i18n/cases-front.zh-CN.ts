/** Messages of the case screens (front, zh-CN). Keys must match the other locale's file. */
export default {};
