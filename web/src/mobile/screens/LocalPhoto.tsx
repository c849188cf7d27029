/** A photo still on the phone (in the outbox), shown from its local copy. */
import { useEffect, useState } from 'react';
import { useSync } from '../offline/SyncProvider.tsx';

export function LocalPhoto({ fileId, alt }: { fileId: string; alt: string }) {
  const { engine } = useSync();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let gone = false;
    void engine.file(fileId).then((file) => {
      if (gone || !file || !file.blob.type.startsWith('image/')) return;
      objectUrl = URL.createObjectURL(file.blob);
      setUrl(objectUrl);
    });
    return () => {
      gone = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [engine, fileId]);
  return url ? <img className="m-thumb" src={url} alt={alt} /> : null;
}
