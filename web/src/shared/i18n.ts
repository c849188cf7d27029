/**
 * Every string the user sees goes through i18next: zh-CN first, English second. Each screen
 * keeps its strings beside it (`defineStrings`), in both languages with the same keys (the
 * type says so), and registers them as its own namespace when its code loads.
 */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { common } from './strings.ts';

export type Language = 'zh-CN' | 'en';
const STORAGE_KEY = 'loopdesk.language';

export function initialLanguage(): Language {
  const query = new URLSearchParams(window.location.search).get('lang');
  const stored = query ?? window.localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** Two languages, one set of keys: a key missing in English does not compile. */
export function defineStrings<K extends string>(zh: Record<K, string>, en: Record<K, string>) {
  return { zh, en };
}

export function registerStrings(namespace: string, strings: { zh: Record<string, string>; en: Record<string, string> }) {
  if (!i18next.hasResourceBundle('zh-CN', namespace)) i18next.addResourceBundle('zh-CN', namespace, strings.zh);
  if (!i18next.hasResourceBundle('en', namespace)) i18next.addResourceBundle('en', namespace, strings.en);
}

export function setLanguage(language: Language) {
  window.localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  return i18next.changeLanguage(language);
}

void i18next.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { common: common.zh }, en: { common: common.en } },
  defaultNS: 'common',
  ns: ['common'],
  // React escapes what it renders: i18next must not escape a second time.
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

/** The strings of one screen: `const t = useStrings('workspace', strings)`. */
export function useStrings(namespace: string, strings: { zh: Record<string, string>; en: Record<string, string> }) {
  registerStrings(namespace, strings);
  return useTranslation(namespace);
}

export { i18next };
