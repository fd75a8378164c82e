/** Messages of the case screens (front, en). Keys must match the other locale's file. */
export default {};
