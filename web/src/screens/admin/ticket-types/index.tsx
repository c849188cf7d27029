/** Admin → ticket types: the list, a new type, one type with its form builder. */
import { Route, Routes, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../../../shared/api.ts';
import { useStrings } from '../../../shared/i18n.ts';
import type { TicketType } from '../../../shared/ticket-forms.ts';
import { NAMESPACE, strings } from './strings.ts';
import { TypeEditor } from './type-editor.tsx';
import { TypeList } from './type-list.tsx';
import './ticket-types.css';

function EditType() {
  const { t } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const { key = '' } = useParams();
  const type = useQuery({ queryKey: ['ticket-types', 'one', key], queryFn: () => get<TicketType>(`/ticket-types/${encodeURIComponent(key)}`) });
  if (type.isPending) return <Spin description={common('loading')}><div style={{ height: 120 }} /></Spin>;
  if (type.error instanceof ApiError && type.error.status === 404) return <Result status="404" title="404" subTitle={t('notFound')} />;
  if (type.error) return <Alert type="error" showIcon title={type.error.message} />;
  // Keyed by the type only: saving refetches it, and the editor keeps what the admin is doing.
  return <TypeEditor key={type.data.key} type={type.data} />;
}

export default function TicketTypes() {
  return (
    <Routes>
      <Route index element={<TypeList />} />
      <Route path="new" element={<TypeEditor />} />
      <Route path=":key" element={<EditType />} />
    </Routes>
  );
}
