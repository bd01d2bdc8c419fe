// Development preview: the real interface over a pretend backend (Tauri's IPC mock), so the
// screens can be looked at in any browser without the shell or an engine. Not part of dist/.
import { installMock } from './mock';

installMock(new URLSearchParams(location.search));
await import('../src/main');
