/** What the requester sees once the ticket exists: its number, a link, the duplicate guard's answer, the uploads. */
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Result, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStrings } from '../../shared/i18n.ts';
import type { Ticket } from '../../shared/types.ts';
import type { PendingFile, UploadState } from './submission.ts';
import { NAMESPACE, strings } from './strings.ts';

export function Submitted({ ticket, files, uploads, onRetry, onAnother }: {
  ticket: Ticket; files: PendingFile[]; uploads: Record<string, UploadState>; onRetry: () => void; onAnother: () => void;
}) {
  const { t } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const navigate = useNavigate();
  const ticketPath = `/tickets/${ticket.id}`;
  const states = files.map((file) => ({ file, state: uploads[file.localId] ?? { status: 'pending' } }));
  const done = states.filter(({ state }) => state.status === 'done').length;
  const failed = states.filter(({ state }) => state.status === 'failed');
  const working = states.some(({ state }) => state.status === 'pending' || state.status === 'uploading');
  const original = ticket.duplicateOf;

  return (
    <Result status={original ? 'info' : 'success'} title={<span role="status">{t('submitted', { number: ticket.number })}</span>}
      subTitle={(
        <>
          {t('submittedBody')}
          {files.length > 0 && (
            <span aria-live="polite" className="new-ticket-uploads">
              {working ? t('uploading', { done, total: files.length }) : !failed.length ? t('uploaded', { total: files.length }) : null}
            </span>
          )}
        </>
      )}
      extra={(
        <Space wrap style={{ justifyContent: 'center' }}>
          <Button type="primary" href={ticketPath} onClick={(event) => { event.preventDefault(); navigate(ticketPath); }}>{t('openTicket')}</Button>
          <Button onClick={onAnother}>{t('another')}</Button>
        </Space>
      )}>
      {(original || failed.length > 0) && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {original && (
            <Alert type="info" showIcon title={t('duplicate', { number: original.number, status: common(`status.${original.status}`) })}
              description={<Link to={`/tickets/${original.id}`}>{t('openOriginal', { number: original.number })}</Link>} />
          )}
          {failed.map(({ file, state }) => (
            <Alert key={file.localId} type="error" showIcon
              title={t('uploadFailed', { name: file.name, message: state.status === 'failed' ? state.message : '' })} />
          ))}
          {failed.length > 0 && !working && <Button onClick={onRetry}>{t('retryUploads')}</Button>}
        </Space>
      )}
    </Result>
  );
}
