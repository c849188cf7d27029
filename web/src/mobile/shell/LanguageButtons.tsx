/** 中文 | EN as two plain buttons: the staff app's antd switch would bring antd into the first load. */
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../../shared/i18n.ts';

const LANGUAGES: { value: Language; label: string }[] = [{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'EN' }];

export function LanguageButtons() {
  const { t, i18n } = useTranslation();
  return (
    <div className="m-languages" role="group" aria-label={t('nav.language')}>
      {LANGUAGES.map(({ value, label }) => (
        <button key={value} type="button" aria-pressed={i18n.language === value} onClick={() => void setLanguage(value)}>{label}</button>
      ))}
    </div>
  );
}
