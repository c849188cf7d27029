/**
 * Photos and voice notes of a draft: the camera button (a file input that opens the camera on
 * phones), the recorder (MediaRecorder, shown only where the browser has one), and the previews.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd';
import { AudioOutlined, CameraOutlined, CloseOutlined, StopOutlined } from '@ant-design/icons';
import { useStrings } from '../../shared/i18n.ts';
import { randomKey, type PendingFile } from './submission.ts';
import { NAMESPACE, strings } from './strings.ts';

const MAX_RECORDING_SECONDS = 180;

function pending(blob: Blob, name: string, kind: PendingFile['kind']): PendingFile {
  return { localId: randomKey(), blob, name, kind, url: URL.createObjectURL(blob) };
}

export function PhotoButton({ onAdd }: { onAdd: (files: PendingFile[]) => void }) {
  const { t } = useStrings(NAMESPACE, strings);
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button icon={<CameraOutlined />} onClick={() => input.current?.click()}>{t('addPhoto')}</Button>
      <input ref={input} type="file" accept="image/*" capture="environment" multiple style={{ display: 'none' }} aria-label={t('addPhoto')}
        onChange={(event) => {
          const chosen = Array.from(event.target.files ?? []).filter((file) => file.type.startsWith('image/') || !file.type);
          if (chosen.length) onAdd(chosen.map((file) => pending(file, file.name, 'photo')));
          // The same photo chosen again must still fire a change.
          event.target.value = '';
        }} />
    </>
  );
}

/** The extension the server expects for what the recorder produced (it checks names against bytes). */
function audioFileName(mime: string, index: number): string {
  const extension = mime.includes('mp4') ? 'm4a' : mime.includes('ogg') ? 'ogg' : 'webm';
  return `voice-${index}.${extension}`;
}

export const canRecord = () => typeof window.MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

export function VoiceButton({ onAdd, count, onError }: { onAdd: (file: PendingFile) => void; count: number; onError: (message: string) => void }) {
  const { t } = useStrings(NAMESPACE, strings);
  const recorder = useRef<MediaRecorder | null>(null);
  const [seconds, setSeconds] = useState<number | null>(null);

  useEffect(() => {
    if (seconds === null) return;
    if (seconds >= MAX_RECORDING_SECONDS) {
      recorder.current?.stop();
      return;
    }
    const timer = window.setTimeout(() => setSeconds(seconds + 1), 1000);
    return () => window.clearTimeout(timer);
  }, [seconds]);

  // Leaving the page while recording releases the microphone.
  useEffect(() => () => recorder.current?.stream.getTracks().forEach((track) => track.stop()), []);

  async function start() {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      onError(t('voiceDenied', { message: (error as Error).message }));
      return;
    }
    const chunks: Blob[] = [];
    const next = new MediaRecorder(stream);
    next.ondataavailable = (event) => { if (event.data.size) chunks.push(event.data); };
    next.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      recorder.current = null;
      setSeconds(null);
      const mime = next.mimeType || chunks[0]?.type || 'audio/webm';
      if (chunks.length) onAdd(pending(new Blob(chunks, { type: mime }), audioFileName(mime, count + 1), 'audio'));
    };
    recorder.current = next;
    next.start();
    setSeconds(0);
  }

  if (!canRecord()) return null;
  if (seconds !== null) {
    const time = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    return <Button danger icon={<StopOutlined />} onClick={() => recorder.current?.stop()}>{t('stopRecording', { time })}</Button>;
  }
  return <Button icon={<AudioOutlined />} onClick={() => void start()}>{t('recordVoice')}</Button>;
}

export function AttachmentPreviews({ files, onRemove }: { files: PendingFile[]; onRemove: (file: PendingFile) => void }) {
  const { t } = useStrings(NAMESPACE, strings);
  const photos = files.filter((file) => file.kind === 'photo');
  const voices = files.filter((file) => file.kind === 'audio');
  if (!files.length) return null;
  return (
    <div className="new-ticket-attachments">
      {photos.length > 0 && (
        <ul aria-label={t('photoLabel')} className="new-ticket-photos">
          {photos.map((file, index) => (
            <li key={file.localId}>
              <img src={file.url} alt={t('photoPreview', { index: index + 1 })} />
              <Button size="small" shape="circle" icon={<CloseOutlined />} aria-label={t('removePhoto', { index: index + 1 })}
                onClick={() => onRemove(file)} />
            </li>
          ))}
        </ul>
      )}
      {voices.map((file, index) => (
        <div key={file.localId} className="new-ticket-voice">
          <audio controls src={file.url} aria-label={t('voiceLabel', { index: index + 1 })} />
          <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('removeVoice', { index: index + 1 })}
            onClick={() => onRemove(file)} />
        </div>
      ))}
    </div>
  );
}
