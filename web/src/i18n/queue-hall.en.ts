/** Messages of the queue screens (hall, en). Keys must match the other locale's file. */
export default {};
