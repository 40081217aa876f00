/**
 * A video file's MIME type and name from its path, for an upload that sends the file as it is (PeerTube
 * transcodes what it receives, and checks the type itself: 415 for one it does not take). YouTube Takeout
 * keeps the uploaded file's own container (reference/formats.md 5.3).
 */
const VIDEO_TYPES: Record<string, string> = {
  mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mkv: 'video/x-matroska',
  avi: 'video/x-msvideo', ogv: 'video/ogg', mpg: 'video/mpeg', mpeg: 'video/mpeg', flv: 'video/x-flv',
  '3gp': 'video/3gpp', wmv: 'video/x-ms-wmv', ts: 'video/mp2t',
};

export function videoFileOf(path: string): { mime: string; fileName: string } {
  const fileName = path.split('/').pop() || 'video';
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return { mime: VIDEO_TYPES[ext] ?? 'application/octet-stream', fileName };
}
