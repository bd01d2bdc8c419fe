/* pipe-relay PIPE PORT: serves the Windows named pipe PIPE (\\.\pipe\docker_engine, where
 * Docker Desktop's engine listens) and relays each client to 127.0.0.1:PORT, so the Windows
 * build of Nivel reaches a real engine through Docker Desktop's own address under wine.
 * Built with MinGW by scripts/test-windows.sh; prints "listening" once the pipe is there. */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    HANDLE pipe;
    SOCKET sock;
} conn;

/* Waits for an overlapped read or write of the pipe; the bytes moved, or -1. */
static long finish(HANDLE pipe, OVERLAPPED *ov, BOOL started) {
    DWORD n = 0;
    if (!started && GetLastError() != ERROR_IO_PENDING) return -1;
    if (!GetOverlappedResult(pipe, ov, &n, TRUE)) return -1;
    return (long)n;
}

static DWORD WINAPI pipe_to_sock(LPVOID arg) {
    conn *c = arg;
    static __thread char buf[65536];
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (;;) {
        ResetEvent(ov.hEvent);
        long n = finish(c->pipe, &ov, ReadFile(c->pipe, buf, sizeof buf, NULL, &ov));
        if (n < 0) break;
        for (long sent = 0; sent < n;) {
            int k = send(c->sock, buf + sent, (int)(n - sent), 0);
            if (k <= 0) goto done;
            sent += k;
        }
    }
done:
    shutdown(c->sock, SD_SEND);
    CloseHandle(ov.hEvent);
    return 0;
}

static DWORD WINAPI sock_to_pipe(LPVOID arg) {
    conn *c = arg;
    static __thread char buf[65536];
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (;;) {
        int n = recv(c->sock, buf, sizeof buf, 0);
        if (n <= 0) break;
        ResetEvent(ov.hEvent);
        if (finish(c->pipe, &ov, WriteFile(c->pipe, buf, (DWORD)n, NULL, &ov)) != n) break;
    }
    /* The engine is done: the client reads what is left, then the end. */
    FlushFileBuffers(c->pipe);
    DisconnectNamedPipe(c->pipe);
    CloseHandle(ov.hEvent);
    return 0;
}

static DWORD WINAPI serve(LPVOID arg) {
    conn *c = arg;
    HANDLE both[2] = {CreateThread(NULL, 0, pipe_to_sock, c, 0, NULL), CreateThread(NULL, 0, sock_to_pipe, c, 0, NULL)};
    WaitForMultipleObjects(2, both, TRUE, INFINITE);
    CloseHandle(both[0]);
    CloseHandle(both[1]);
    closesocket(c->sock);
    CloseHandle(c->pipe);
    free(c);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: pipe-relay PIPE PORT\n");
        return 2;
    }
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    struct sockaddr_in to = {0};
    to.sin_family = AF_INET;
    to.sin_port = htons((u_short)atoi(argv[2]));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int first = 1;; first = 0) {
        HANDLE pipe = CreateNamedPipeA(argv[1], PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT,
                                       PIPE_UNLIMITED_INSTANCES, 65536, 65536, 0, NULL);
        if (pipe == INVALID_HANDLE_VALUE) {
            fprintf(stderr, "pipe-relay: cannot create %s (error %lu)\n", argv[1], GetLastError());
            return 1;
        }
        if (first) {
            printf("listening\n");
            fflush(stdout);
        }
        OVERLAPPED ov = {0};
        ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
        BOOL connected = ConnectNamedPipe(pipe, &ov);
        DWORD error = GetLastError(), n;
        if (!connected && error == ERROR_IO_PENDING) connected = GetOverlappedResult(pipe, &ov, &n, TRUE);
        else if (!connected && error == ERROR_PIPE_CONNECTED) connected = TRUE;
        CloseHandle(ov.hEvent);
        SOCKET sock = connected ? socket(AF_INET, SOCK_STREAM, 0) : INVALID_SOCKET;
        if (sock == INVALID_SOCKET || connect(sock, (struct sockaddr *)&to, sizeof to) != 0) {
            if (sock != INVALID_SOCKET) closesocket(sock);
            CloseHandle(pipe);
            continue;
        }
        conn *c = malloc(sizeof *c);
        c->pipe = pipe;
        c->sock = sock;
        CloseHandle(CreateThread(NULL, 0, serve, c, 0, NULL));
    }
}
