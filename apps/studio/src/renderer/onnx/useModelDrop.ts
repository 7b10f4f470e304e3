import { useEffect } from 'react';

/** Whether a file name is an ONNX model's. */
export const isOnnxName = (name: string) => name.toLowerCase().endsWith('.onnx');

/**
 * A `.onnx` file dropped anywhere on the window goes to `onModel` (capturing, before the image
 * drop handler, which would try to decode it as a picture); other files go on as before.
 */
export function useModelDrop(onModel: (file: File) => void): void {
  useEffect(() => {
    const onDrop = (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!file || !isOnnxName(file.name)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      onModel(file);
    };
    window.addEventListener('drop', onDrop, { capture: true });
    return () => window.removeEventListener('drop', onDrop, { capture: true });
  }, [onModel]);
}
