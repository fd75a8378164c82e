/** Messages of the queue screens (queue, zh-CN). Keys must match the other locale's file. */
export default {};
