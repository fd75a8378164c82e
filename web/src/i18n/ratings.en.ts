/** Messages of the ratings screens (en). Keys must match the other locale's file. */
export default {
  nav: {},
};
