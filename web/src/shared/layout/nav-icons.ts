/**
 * The icons the navigation may name in route meta, re-exported one by one to keep the bundle small:
 * `import * as navIcons` gives them by name.
 */
export {
  Bell,
  Calendar,
  ChatLineSquare,
  Connection,
  DataAnalysis,
  DocumentChecked,
  Files,
  HomeFilled,
  Location,
  Message,
  Monitor,
  Odometer,
  OfficeBuilding,
  Postcard,
  Promotion,
  Setting,
  Stamp,
  Star,
  Tickets,
  User,
  Warning,
} from '@element-plus/icons-vue';
