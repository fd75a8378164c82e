/** The icons the navigation may name in route meta (imported one by one to keep the bundle small). */
import {
  Calendar,
  ChatLineSquare,
  Connection,
  Files,
  HomeFilled,
  Location,
  Message,
  Monitor,
  OfficeBuilding,
  Postcard,
  Promotion,
  Stamp,
  Tickets,
  User,
} from '@element-plus/icons-vue';
import type { Component } from 'vue';

export const navIcons: Record<string, Component> = {
  Calendar,
  ChatLineSquare,
  Connection,
  Files,
  HomeFilled,
  Location,
  Message,
  Monitor,
  OfficeBuilding,
  Postcard,
  Promotion,
  Stamp,
  Tickets,
  User,
};
