/** Messages of the queue screens (queue, en). Keys must match the other locale's file. */
export default {};
