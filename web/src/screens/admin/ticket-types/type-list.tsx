/** The tenant's ticket types, active or not, in the order the new-ticket page offers them. */
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api.ts';
import { useStrings } from '../../../shared/i18n.ts';
import { isEnglish, type TicketType } from '../../../shared/ticket-forms.ts';
import { NAMESPACE, strings } from './strings.ts';

export function useAllTicketTypes() {
  return useQuery({
    queryKey: ['ticket-types', 'all'],
    queryFn: () => get<{ items: TicketType[] }>('/ticket-types?includeInactive=true').then((answer) => answer.items),
  });
}

export function TypeList() {
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const navigate = useNavigate();
  const types = useAllTicketTypes();
  const english = isEnglish(i18n.language);
  return (
    <div>
      <div className="type-editor-head">
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>{t('title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('new')}>{t('newType')}</Button>
      </div>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {types.error && <Alert type="error" showIcon title={types.error.message} />}
      <Table<TicketType> rowKey="key" size="middle" loading={types.isPending} dataSource={types.data ?? []} pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(type) => ({ onDoubleClick: () => navigate(type.key) })}
        columns={[
          {
            title: t('name'), key: 'name',
            render: (_, type) => (
              <>
                <Link to={type.key}><Typography.Text strong>{english ? type.nameEn : type.nameZh}</Typography.Text></Link>
                <Typography.Text type="secondary"> {english ? type.nameZh : type.nameEn}</Typography.Text>
                {type.builtin && <Tag style={{ marginInlineStart: 8 }}>{t('builtin')}</Tag>}
              </>
            ),
          },
          { title: t('key'), dataIndex: 'key', key: 'key', render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
          { title: t('defaultPriority'), dataIndex: 'defaultPriority', key: 'priority', render: (priority: string) => common(`priority.${priority}`) },
          {
            title: t('status'), dataIndex: 'active', key: 'active',
            render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{active ? t('active') : t('inactive')}</Tag>,
          },
          { title: t('fields'), key: 'fields', render: (_, type) => t('fieldCount', { count: Object.keys(type.formSchema?.properties ?? {}).length }) },
          { title: t('position'), dataIndex: 'position', key: 'position' },
          {
            title: common('action.edit'), key: 'edit',
            render: (_, type) => {
              const name = english ? type.nameEn : type.nameZh;
              return <Button size="small" icon={<EditOutlined />} aria-label={t('editType', { name })} onClick={() => navigate(type.key)}>{common('action.edit')}</Button>;
            },
          },
        ]} />
    </div>
  );
}
