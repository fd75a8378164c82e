/** Messages of the metrics screens (zh-CN). Keys must match the other locale's file. */
export default {
  nav: {},
};
