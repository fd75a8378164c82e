/** Messages of the queue screens (hall, zh-CN). Keys must match the other locale's file. */
export default {};
