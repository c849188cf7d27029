/** The options of a choice field: tags to remove, a box to type the next one (Enter adds it, so do commas). */
import { useState } from 'react';
import { Button, Input, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStrings } from '../../../shared/i18n.ts';
import { NAMESPACE, strings } from './strings.ts';

export function OptionsEditor({ id, options, onChange }: { id: string; options: string[]; onChange: (options: string[]) => void }) {
  const { t } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const [typing, setTyping] = useState('');

  function add() {
    const added = typing.split(/[,，\n]/).map((option) => option.trim()).filter((option) => option && !options.includes(option));
    if (added.length) onChange([...options, ...new Set(added)]);
    setTyping('');
  }

  return (
    <div>
      {options.length > 0 && (
        <ul className="options-editor-tags" aria-label={t('options')}>
          {options.map((option) => (
            <li key={option}>
              <Tag closable={{ 'aria-label': t('removeOption', { option }) }} onClose={(event) => {
                event.preventDefault();
                onChange(options.filter((item) => item !== option));
              }}>{option}</Tag>
            </li>
          ))}
        </ul>
      )}
      <Space.Compact style={{ width: '100%' }}>
        <Input id={id} value={typing} maxLength={200} placeholder={t('optionsPlaceholder')}
          onChange={(event) => setTyping(event.target.value)}
          onPressEnter={(event) => { event.preventDefault(); add(); }} />
        <Button icon={<PlusOutlined />} onClick={add} aria-label={t('addOption')}>{common('action.add')}</Button>
      </Space.Compact>
    </div>
  );
}
