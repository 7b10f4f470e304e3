import { useCallback, useEffect } from 'react';
import { loadImageBytes, type ImageLoadResult } from '../images/load-image.js';
import type { Host } from './host.js';

export const IMAGE_TYPES = ['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.gif'];

/**
 * The three ways an image gets in: the Open button, dropping a file on the window, and pasting
 * one from the clipboard. Each result, good or refused, goes to `onResult`.
 */
export function useImageInput(host: Host, onResult: (result: ImageLoadResult) => void): { openImage: () => void } {
  const openImage = useCallback(async () => {
    const file = await host.openFile({ title: 'Open image', accept: IMAGE_TYPES });
    if (file) onResult(await loadImageBytes(file.bytes, file.name));
  }, [host, onResult]);

  useEffect(() => {
    const fromFile = async (file: File | undefined | null) => {
      if (file) onResult(await loadImageBytes(new Uint8Array(await file.arrayBuffer()), file.name || 'pasted image'));
    };
    const onDragOver = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      void fromFile(file);
    };
    const onPaste = (event: ClipboardEvent) => {
      const file = Array.from(event.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
      if (file) void fromFile(file);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('paste', onPaste);
    };
  }, [onResult]);

  return { openImage: () => void openImage() };
}
