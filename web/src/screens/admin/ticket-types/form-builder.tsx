/**
 * The form builder: the type's fields as cards, reordered by drag and drop (HTML5) or by the
 * up/down buttons (keyboard), each with its labels in Chinese and English, its kind, its options
 * and whether it is required (off unless the admin turns it on).
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Button, Dropdown, Input, Select, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DownOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { useStrings } from '../../../shared/i18n.ts';
import { isEnglish } from '../../../shared/ticket-forms.ts';
import {
  changeKind, CREATABLE_KINDS, FIELD_KINDS, hasOptions, moveField, newField, type DraftField, type FieldKind,
} from './builder-model.ts';
import { OptionsEditor } from './options-editor.tsx';
import { NAMESPACE, strings } from './strings.ts';

function FieldCard({ field, index, count, label, dragging, over, onChange, onMove, onRemove, onDragStart, onDragEnd, onDragOver, onDrop }: {
  field: DraftField; index: number; count: number; label: string; dragging: boolean; over: boolean;
  onChange: (next: DraftField) => void; onMove: (to: number, button: 'up' | 'down') => void; onRemove: () => void;
  onDragStart: (event: DragEvent<HTMLElement>, card: HTMLElement | null) => void; onDragEnd: () => void;
  onDragOver: (event: DragEvent<HTMLLIElement>) => void; onDrop: (event: DragEvent<HTMLLIElement>) => void;
}) {
  const { t } = useStrings(NAMESPACE, strings);
  const card = useRef<HTMLLIElement>(null);
  const id = (part: string) => `${field.uid}-${part}`;
  const kinds = FIELD_KINDS.filter((kind) => CREATABLE_KINDS.includes(kind) || kind === field.kind);
  return (
    <li ref={card} className={`form-builder-field${dragging ? ' is-dragging' : ''}${over ? ' is-over' : ''}`}
      onDragOver={onDragOver} onDrop={onDrop} aria-label={label} data-field-uid={field.uid}>
      <div className="form-builder-field-head">
        <span className="form-builder-handle" draggable title={t('drag', { label })} aria-hidden
          onDragStart={(event) => onDragStart(event, card.current)} onDragEnd={onDragEnd}>
          <HolderOutlined />
        </span>
        <Typography.Text strong ellipsis className="form-builder-field-title">{index + 1}. {label}</Typography.Text>
        <Button id={id('up')} size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('moveUp', { label })}
          disabled={index === 0} onClick={() => onMove(index - 1, 'up')} />
        <Button id={id('down')} size="small" type="text" icon={<ArrowDownOutlined />} aria-label={t('moveDown', { label })}
          disabled={index === count - 1} onClick={() => onMove(index + 1, 'down')} />
        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('removeField', { label })} onClick={onRemove} />
      </div>
      <div className="form-builder-grid">
        <div>
          <label htmlFor={id('zh')}>{t('labelZh')}</label>
          <Input id={id('zh')} value={field.titleZh} maxLength={100} onChange={(event) => onChange({ ...field, titleZh: event.target.value })} />
        </div>
        <div>
          <label htmlFor={id('en')}>{t('labelEn')}</label>
          <Input id={id('en')} value={field.titleEn} maxLength={100} onChange={(event) => onChange({ ...field, titleEn: event.target.value })} />
        </div>
        <div>
          <label htmlFor={id('kind')}>{t('fieldKind')}</label>
          <Select id={id('kind')} value={field.kind} style={{ width: '100%' }} onChange={(kind: FieldKind) => onChange(changeKind(field, kind))}
            options={kinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))} />
        </div>
        <div className="form-builder-required">
          <label htmlFor={id('required')}>{t('fieldRequired')}</label>
          <Switch id={id('required')} checked={field.required} onChange={(required) => onChange({ ...field, required })} />
        </div>
        {hasOptions(field.kind) && (
          <div className="form-builder-wide">
            <label htmlFor={id('options')}>{t('options')}</label>
            <OptionsEditor id={id('options')} options={field.options} onChange={(options) => onChange({ ...field, options })} />
          </div>
        )}
      </div>
      <Typography.Text type="secondary" className="form-builder-note">
        {field.kind === 'cascader' && `${t('keptOptions')} `}
        {field.kind === 'photo' && `${t('photoField')} `}
        {field.name ? t('fieldKey', { key: field.name }) : t('newFieldKey')}
      </Typography.Text>
    </li>
  );
}

export function FormBuilder({ fields, onChange }: { fields: DraftField[]; onChange: (fields: DraftField[]) => void }) {
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [focus, setFocus] = useState<string | null>(null);

  // After a keyboard move the focus follows the field, on the same button if it still works;
  // a new field takes the focus on its first label.
  useEffect(() => {
    if (!focus) return;
    const button = document.getElementById(focus) as HTMLButtonElement | null;
    const other = document.getElementById(focus.endsWith('-up') ? focus.replace(/-up$/, '-down') : focus.replace(/-down$/, '-up'));
    (button && !button.disabled ? button : other)?.focus();
    setFocus(null);
  }, [focus]);

  const labelOf = (field: DraftField, index: number) => (isEnglish(i18n.language)
    ? field.titleEn.trim() || field.titleZh.trim() : field.titleZh.trim() || field.titleEn.trim()) || t('fieldNumber', { n: index + 1 });

  function endDrag() {
    setDragging(null);
    setOver(null);
  }

  return (
    <div className="form-builder">
      {fields.length === 0 && <Typography.Paragraph type="secondary">{t('noFields')}</Typography.Paragraph>}
      <ol className="form-builder-list">
        {fields.map((field, index) => (
          <FieldCard key={field.uid} field={field} index={index} count={fields.length} label={labelOf(field, index)}
            dragging={dragging === field.uid} over={over === index && dragging !== field.uid}
            onChange={(next) => onChange(fields.map((item) => (item.uid === field.uid ? next : item)))}
            onMove={(to, button) => { onChange(moveField(fields, index, to)); setFocus(`${field.uid}-${button}`); }}
            onRemove={() => onChange(fields.filter((item) => item.uid !== field.uid))}
            onDragStart={(event, card) => {
              setDragging(field.uid);
              event.dataTransfer.effectAllowed = 'move';
              event.dataTransfer.setData('text/plain', field.uid);
              if (card) event.dataTransfer.setDragImage(card, 24, 24);
            }}
            onDragEnd={endDrag}
            onDragOver={(event) => {
              if (!dragging) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              if (over !== index) setOver(index);
            }}
            onDrop={(event) => {
              event.preventDefault();
              const from = fields.findIndex((item) => item.uid === dragging);
              if (from >= 0) onChange(moveField(fields, from, index));
              endDrag();
            }} />
        ))}
      </ol>
      <Dropdown trigger={['click']} menu={{
        items: CREATABLE_KINDS.map((kind) => ({ key: kind, label: t(`kind.${kind}`) })),
        onClick: ({ key }) => {
          const added = newField(key as FieldKind);
          onChange([...fields, added]);
          setFocus(`${added.uid}-zh`);
        },
      }}>
        <Button icon={<PlusOutlined />}>{t('addField')} <DownOutlined /></Button>
      </Dropdown>
    </div>
  );
}
