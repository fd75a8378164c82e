/** Messages of the case screens (back, zh-CN). Keys must match the other locale's file. */
export default {};
