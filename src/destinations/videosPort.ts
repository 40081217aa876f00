/**
 * The video capability of a destination (PeerTube): the account's channels, the videos already on one,
 * and a resumable upload (node-uploadx protocol, https://github.com/kukhariev/node-uploadx/blob/master/proto.md,
 * as PeerTube serves it at `/api/v1/videos/upload-resumable`). The apply layer's video executor drives the
 * upload one chunk at a time so that the journal can hold the session between chunks.
 */
import type { CallResult, WriteOptions } from './types.js';
import type { StreamedBody } from '../net/types.js';

export interface RemoteChannel {
  id: number;
  /** The channel's handle name (`name` in `name@host`). */
  name: string;
  displayName: string;
}

export interface RemoteVideo {
  /** The numeric id as a string. */
  id: string;
  uuid: string | null;
  name: string;
  /** ISO date, or null when the video has none. */
  originallyPublishedAt: string | null;
}

/** Privacy ids of PeerTube (`/api/v1/videos/privacies`): 1 public, 2 unlisted, 3 private. */
export type VideoPrivacyId = 1 | 2 | 3;

export interface NewVideo {
  channelId: number;
  /** 3 to 120 characters. */
  name: string;
  description: string | null;
  tags: string[];
  privacy: VideoPrivacyId;
  originallyPublishedAt: string | null;
  language: string | null;
  category: number | null;
  fileName: string;
  mime: string;
  size: number;
}

/** Where a resumable upload stands: `offset` bytes received, or finished with the new video. */
export type UploadProgress = { state: 'partial'; offset: number } | { state: 'finished'; video: RemoteVideo | null };

export interface VideosPort {
  /** Videos on one of the account's channels (all pages). */
  channelVideos(channelName: string): Promise<CallResult<RemoteVideo[]>>;
  /** Starts an upload session; the answer is the session's URL (the `Location` of the 201). */
  startUpload(video: NewVideo, options: WriteOptions): Promise<CallResult<{ sessionUrl: string }>>;
  /** Asks the server how much of a session it holds (`PUT` with `Content-Range: bytes *\/total`, no body). */
  uploadOffset(sessionUrl: string, size: number): Promise<CallResult<UploadProgress>>;
  /** Sends bytes `start` to `start + body.length - 1` of `size`. */
  sendChunk(sessionUrl: string, start: number, size: number, body: StreamedBody & { length: number }): Promise<CallResult<UploadProgress>>;
}
