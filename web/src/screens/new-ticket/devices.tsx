/**
 * Choosing the device: a search over serial, model and site, plus an exact match on a serial or
 * QR value (what a label says), and a QR scan with the camera where the browser can read codes
 * (BarcodeDetector). Devices are the service desk's data: only staff can search them.
 */
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Select, Typography } from 'antd';
import { QrcodeOutlined } from '@ant-design/icons';
import { get, query } from '../../shared/api.ts';
import { useStrings } from '../../shared/i18n.ts';
import { NAMESPACE, strings } from './strings.ts';

export interface DeviceOption {
  id: string;
  serial: string;
  model: string;
  site: string | null;
  address: string | null;
  qrCode: string;
}

const deviceLabel = (device: DeviceOption) => [device.serial, device.model, device.site].filter(Boolean).join(' · ');

async function searchDevices(term: string): Promise<DeviceOption[]> {
  const [byText, byCode] = await Promise.all([
    get<{ items: DeviceOption[] }>(`/devices${query({ q: term || undefined, limit: 10 })}`),
    term ? get<{ items: DeviceOption[] }>(`/devices${query({ code: term, limit: 1 })}`) : Promise.resolve({ items: [] }),
  ]);
  const seen = new Set<string>();
  return [...byCode.items, ...byText.items].filter((device) => !seen.has(device.id) && !!seen.add(device.id));
}

/** The device a scanned code names: the code itself, or the last part of a URL printed as the code. */
export async function findScannedDevice(code: string): Promise<DeviceOption | undefined> {
  const candidates = [code.trim()];
  const lastSegment = code.trim().split(/[/?#=]/).filter(Boolean).pop();
  if (lastSegment && lastSegment !== candidates[0]) candidates.push(lastSegment);
  for (const candidate of candidates) {
    const found = await get<{ items: DeviceOption[] }>(`/devices${query({ code: candidate, limit: 1 })}`);
    if (found.items[0]) return found.items[0];
  }
  return undefined;
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function DeviceSelect({ id, value, onChange, chosen }: {
  id?: string; value?: string | null; onChange: (device: DeviceOption | null) => void; chosen?: DeviceOption | null;
}) {
  const { t } = useStrings(NAMESPACE, strings);
  const [term, setTerm] = useState('');
  const settled = useDebounced(term.trim(), 250);
  const [opened, setOpened] = useState(false);
  const found = useQuery({ queryKey: ['devices', 'search', settled], queryFn: () => searchDevices(settled), enabled: opened || !!settled });
  // The chosen device keeps its label when the next search no longer lists it.
  const [picked, setPicked] = useState<DeviceOption | null>(null);
  const current = chosen ?? (picked?.id === value ? picked : null);
  const options = [...(current ? [current] : []), ...(found.data ?? []).filter((device) => device.id !== current?.id)];
  return (
    <Select id={id} value={value ?? undefined} allowClear placeholder={t('devicePlaceholder')} style={{ width: '100%' }}
      loading={found.isFetching}
      showSearch={{ filterOption: false, onSearch: setTerm }} onOpenChange={setOpened}
      options={options.map((device) => ({ value: device.id, label: deviceLabel(device) }))}
      onChange={(next) => {
        const device = options.find((option) => option.id === next) ?? null;
        setPicked(device);
        onChange(device);
      }} />
  );
}

interface DetectedCode { rawValue: string }
interface CodeDetector { detect(source: HTMLVideoElement): Promise<DetectedCode[]> }
type DetectorClass = new (options: { formats: string[] }) => CodeDetector;

const detectorClass = () => (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
export const canScan = () => !!detectorClass() && !!navigator.mediaDevices?.getUserMedia;

/** The camera in a dialog, reading QR codes until one names a device. */
export function ScanDialog({ open, onClose, onFound }: { open: boolean; onClose: () => void; onFound: (device: DeviceOption) => void }) {
  const { t } = useStrings(NAMESPACE, strings);
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    const Detector = detectorClass();
    if (!Detector) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer = 0;
    const detector = new Detector({ formats: ['qr_code', 'code_128', 'data_matrix'] });
    async function look() {
      if (stopped || !video.current) return;
      try {
        const [code] = await detector.detect(video.current);
        if (code?.rawValue) {
          const device = await findScannedDevice(code.rawValue);
          if (stopped) return;
          if (device) {
            onFound(device);
            return;
          }
          setProblem(t('scanNotFound', { code: code.rawValue }));
        }
      } catch {
        // A frame that is not ready yet: try the next one.
      }
      timer = window.setTimeout(() => void look(), 300);
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then((opened) => {
      stream = opened;
      if (stopped) { opened.getTracks().forEach((track) => track.stop()); return; }
      if (video.current) {
        video.current.srcObject = opened;
        void video.current.play().then(() => look());
      }
    }, (error: Error) => setProblem(t('cameraDenied', { message: error.message })));
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
      setProblem(null);
    };
  }, [open, onFound, t]);

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('scanTitle')} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('scanHint')}</Typography.Paragraph>
      <video ref={video} muted playsInline className="new-ticket-scan-video" aria-label={t('scanTitle')} />
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

export function ScanButton({ onClick }: { onClick: () => void }) {
  const { t } = useStrings(NAMESPACE, strings);
  if (!canScan()) return null;
  return <Button icon={<QrcodeOutlined />} onClick={onClick} aria-label={t('scanDevice')}>{t('scanDevice')}</Button>;
}
