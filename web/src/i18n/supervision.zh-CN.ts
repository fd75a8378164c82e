/** Messages of the supervision screens (zh-CN). Keys must match the other locale's file. */
export default {
  nav: {},
};
