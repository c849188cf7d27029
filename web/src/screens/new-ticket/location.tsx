/**
 * Where the problem is: the phone's position when the browser can give it, and always a line of
 * text for the address (the only way when positioning is refused, unavailable or indoors).
 */
import { useState } from 'react';
import { Button, Input, Typography } from 'antd';
import { CloseOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useStrings } from '../../shared/i18n.ts';
import { NAMESPACE, strings } from './strings.ts';

export interface DraftLocation {
  coords: { lat: number; lng: number; accuracy: number } | null;
  address: string;
  locating: boolean;
  failed: boolean;
}

/** Asks the browser for a position once; the draft shows the address box at once in any case. */
export function useLocating(set: (update: (current: DraftLocation | null) => DraftLocation | null) => void) {
  return () => {
    set((current) => ({ coords: current?.coords ?? null, address: current?.address ?? '', locating: !!navigator.geolocation, failed: !navigator.geolocation }));
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(
      (position) => set((current) => current && ({
        ...current, locating: false, failed: false,
        coords: { lat: position.coords.latitude, lng: position.coords.longitude, accuracy: Math.round(position.coords.accuracy) },
      })),
      () => set((current) => current && ({ ...current, locating: false, failed: true })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
}

export function LocationButton({ onClick, active }: { onClick: () => void; active: boolean }) {
  const { t } = useStrings(NAMESPACE, strings);
  return <Button icon={<EnvironmentOutlined />} type={active ? 'primary' : 'default'} ghost={active} onClick={onClick}>{t('addLocation')}</Button>;
}

export function LocationPanel({ value, onChange }: { value: DraftLocation; onChange: (next: DraftLocation | null) => void }) {
  const { t } = useStrings(NAMESPACE, strings);
  const [id] = useState(() => `address-${Math.random().toString(36).slice(2)}`);
  return (
    <div className="new-ticket-panel">
      <div className="new-ticket-panel-head">
        <Typography.Text type={value.failed ? 'warning' : 'secondary'} role="status">
          {value.locating ? t('locating')
            : value.coords ? t('located', { latitude: value.coords.lat.toFixed(5), longitude: value.coords.lng.toFixed(5), accuracy: value.coords.accuracy })
              : value.failed ? t('locationFailed') : null}
        </Typography.Text>
        <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('removeLocation')} onClick={() => onChange(null)} />
      </div>
      <label htmlFor={id} className="new-ticket-label">{t('address')}</label>
      <Input id={id} value={value.address} maxLength={500} placeholder={t('addressPlaceholder')}
        onChange={(event) => onChange({ ...value, address: event.target.value })} />
    </div>
  );
}
