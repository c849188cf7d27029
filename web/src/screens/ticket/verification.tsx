/**
 * The customer's verification QR code (POST /tickets/{id}/verification-link): made on request,
 * since each one is a new single-use link. The server's SVG is shown as an image (a data: URL),
 * never put into the page as markup.
 */
import { useState } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { ApiError, post } from '../../shared/api.ts';
import type { Ticket } from '../../shared/types.ts';
import { svgImageSource } from './model.ts';

interface IssuedLink {
  url: string;
  expiresAt: string;
  qrSvg: string;
}

export function VerificationPanel({ ticket, t }: { ticket: Ticket; t: TFunction }) {
  const [link, setLink] = useState<IssuedLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (ticket.status !== 'resolved') return <Typography.Text type="secondary">{t('verify.notYet')}</Typography.Text>;

  async function issue() {
    setBusy(true);
    setError(null);
    try {
      setLink(await post<IssuedLink>(`/tickets/${ticket.id}/verification-link`));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('common:error.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Flex vertical gap={8} align="start">
      <Typography.Text type="secondary">{t('verify.hint')}</Typography.Text>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {link && (
        <>
          <img className="tp-qr" src={svgImageSource(link.qrSvg)} alt={t('verify.qrAlt', { number: ticket.number })} width={200} height={200} />
          <Typography.Text type="secondary">{t('verify.expires', { at: dayjs(link.expiresAt).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
          <Typography.Text copyable={{ text: link.url }} ellipsis className="tp-verify-url" aria-label={t('verify.link')}>{link.url}</Typography.Text>
        </>
      )}
      <Button onClick={() => void issue()} loading={busy}>{t(link ? 'verify.regenerate' : 'verify.generate')}</Button>
    </Flex>
  );
}
