import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../shared/i18n.ts';

/** 中文 | English, remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented size="small" aria-label={t('nav.language')} value={i18n.language}
      options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]}
      onChange={(value) => void setLanguage(value as Language)} />
  );
}
