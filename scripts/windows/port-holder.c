/* port-holder PORT: a Windows program holding 127.0.0.1:PORT, so the Windows build of Nivel
 * meets a lab port another program took. Built with MinGW by scripts/test-windows.sh; prints
 * "listening" once the port is held, then holds it until killed. */
#include <winsock2.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: port-holder PORT\n");
        return 2;
    }
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in at = {0};
    at.sin_family = AF_INET;
    at.sin_port = htons((u_short)atoi(argv[1]));
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&at, sizeof at) != 0 || listen(s, 4) != 0) {
        fprintf(stderr, "port-holder: cannot hold port %s (error %d)\n", argv[1], WSAGetLastError());
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    Sleep(INFINITE);
    return 0;
}
