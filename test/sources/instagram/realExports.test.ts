/** The Instagram module on a real July 2024 export (samples/real-exports/instagram-2024-07, as it is). */
import { describe, it, expect } from 'vitest';
import { mergeParsed } from '../../../src/model/merge.js';
import { instagramSource } from '../../../src/sources/instagram/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
import { detectAndParse, realExportFiles } from '../helpers.js';

describe('instagram-2024-07 (real)', () => {
  it('types media by their metadata when the file name has no extension', async () => {
    const { result, warnings } = await detectAndParse(instagramSource, memoryArchive(realExportFiles('instagram-2024-07'), 'instagram-x-2024-07-10.zip'));
    expect(modelSchemaErrors(mergeParsed([result]))).toEqual([]);
    const media = new Map(result.posts.flatMap((p) => p.media).map((m) => [m.path, m]));
    // video_metadata, no extension: a video (it was `other`).
    expect(media.get('media/posts/202403/FQIoAkMzLBdAExBiTdLxqhgSZGFzaF9iYXNlbGluZV8xX3YxEQB17gcA_18074751904427294'))
      .toMatchObject({ type: 'video', archive: 'instagram-x-2024-07-10.zip' });
    // No extension and no video or photo metadata: nothing tells, so it stays `other`.
    expect(media.get('media/posts/202312/AngQNqG8dQP6htjaBDYIjgXeOjbkkVuWhGsUPrayFxqyBJOmWDqRXwozRwI_tnyPELMfE1qdJl1MBSIkliZEk_17903948981826320')?.type).toBe('other');
    const types = [...media.values()].map((m) => m.type);
    expect(types.filter((t) => t === 'image')).toHaveLength(18);
    expect(types.filter((t) => t === 'video')).toHaveLength(1);
    expect([...media.values()].every((m) => m.path !== null)).toBe(true);
    expect(warnings.filter((w) => /not in the archive/.test(w.message))).toEqual([]);
  });
});
