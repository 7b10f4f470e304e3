import { useCallback, useEffect, useState, type Dispatch } from 'react';
import type { EmbeddedImage, ProjectDocument } from '../../shared/project-schema.js';
import type { StudioAction, StudioState } from '../state/studio-state.js';
import { embedImage, restoreImage } from './project-image.js';

/**
 * The image's side of project files: `withImage` adds the image shown to a project being saved
 * (or says why it could not: too large), `embedded` is the same for autosaves once encoded, and
 * `restore` shows a project's image after it is opened.
 *
 * @example
 * const image = useProjectImage(state, dispatch);
 * const { project, notice } = await image.withImage(projectDocument(state), state);
 */
export function useProjectImage(state: StudioState, dispatch: Dispatch<StudioAction>) {
  // Encoded in the background for autosaves: a change of image is encoded once, not on every edit.
  const [encoded, setEncoded] = useState<{ source: StudioState['image']; image?: EmbeddedImage }>();
  useEffect(() => {
    const source = state.image;
    if (!source) return;
    let live = true;
    void embedImage(source.name, source.image).then((result) => live && setEncoded({ source, ...(result.ok ? { image: result.image } : {}) }));
    return () => {
      live = false;
    };
  }, [state.image]);
  const embedded = encoded && encoded.source === state.image ? encoded.image : undefined;

  const withImage = useCallback(async (project: ProjectDocument, from: StudioState): Promise<{ project: ProjectDocument; notice?: string }> => {
    if (!from.image) return { project };
    const result = await embedImage(from.image.name, from.image.image);
    return result.ok ? { project: { ...project, image: result.image } } : { project, notice: result.error };
  }, []);

  const restore = useCallback(async (project: ProjectDocument) => {
    if (!project.image) return;
    const result = await restoreImage(project.image);
    if (result.ok) dispatch({ type: 'setImage', image: { name: result.name, image: result.image, ...(result.notice ? { notice: result.notice } : {}) } });
    else dispatch({ type: 'notify', message: `The project's image could not be shown: ${result.error}` });
  }, [dispatch]);

  return { embedded, withImage, restore };
}
