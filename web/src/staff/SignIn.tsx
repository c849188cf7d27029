/** Sign-in: tenant, email, password; the tenants this browser used are one click away. */
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.ts';
import { recentTenants, signIn } from '../shared/session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface Values {
  tenant: string;
  email: string;
  password: string;
}

/** Only a path of this app: `next=https://evil.example` must not send the user away. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/workspace';
}

export function SignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const recent = recentTenants();
  const initial = { tenant: params.get('tenant') ?? recent[0]?.slug ?? '', email: params.get('email') ?? recent[0]?.email ?? '', password: '' };

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    try {
      await signIn(values);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('error.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f4fa', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 400 }} extra={<LanguageSwitch />} title={t('appName')}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>{t('signIn.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark={false}>
          <Form.Item name="tenant" label={t('signIn.tenant')} extra={t('signIn.tenantHelp')}
            rules={[{ required: true, message: t('signIn.required', { field: t('signIn.tenant') }) }]}>
            <Input autoComplete="organization" autoCapitalize="none" />
          </Form.Item>
          <Form.Item name="email" label={t('signIn.email')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.email') }) }]}>
            <Input type="email" autoComplete="username" autoCapitalize="none" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.password') }) }]}>
            <Input.Password autoComplete="current-password" autoFocus={!!initial.email} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} size="large">{t('signIn.submit')}</Button>
        </Form>
        {recent.length > 1 && (
          <Space wrap style={{ marginTop: 16 }} aria-label={t('signIn.recent')}>
            <Typography.Text type="secondary">{t('signIn.recent')}:</Typography.Text>
            {recent.map((tenant) => (
              <Tag key={tenant.slug} style={{ cursor: 'pointer' }} onClick={() => form.setFieldsValue({ tenant: tenant.slug, email: tenant.email, password: '' })}>
                {tenant.name}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
    </main>
  );
}
