/** Strings of the admin area's frame, zh-CN first (each section keeps its own). */
import { defineStrings } from '../../shared/i18n.ts';

export const strings = defineStrings({
  sections: '设置分类',
}, {
  sections: 'Settings sections',
});

export const NAMESPACE = 'admin';
