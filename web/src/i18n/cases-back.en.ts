/** Messages of the case screens (back, en). Keys must match the other locale's file. */
export default {};
