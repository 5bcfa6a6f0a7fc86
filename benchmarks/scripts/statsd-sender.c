/*
 * Paced statsd load sender for benchmarks/scripts/statsd-load.sh.
 *
 *   statsd-sender HOST PORT LINES PER_DATAGRAM RATE [NAME]
 *
 * Sends LINES counter increments "NAME:1|c" over UDP, PER_DATAGRAM lines per datagram, at RATE
 * lines per second (0 = as fast as possible). Prints the number of lines and datagrams sent and
 * the elapsed seconds. Build: gcc -O2 -o statsd-sender statsd-sender.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s HOST PORT LINES PER_DATAGRAM RATE [NAME]\n", argv[0]);
    return 2;
  }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  long lines = atol(argv[3]);
  int per = atoi(argv[4]);
  double rate = atof(argv[5]);
  const char *name = argc > 6 ? argv[6] : "load.counter";
  if (per < 1 || lines < 1) {
    fprintf(stderr, "LINES and PER_DATAGRAM must be positive\n");
    return 2;
  }

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  struct sockaddr_in to;
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, host, &to.sin_addr) != 1) {
    fprintf(stderr, "bad IPv4 address %s\n", host);
    return 2;
  }
  if (connect(fd, (struct sockaddr *)&to, sizeof to) < 0) {
    perror("connect");
    return 1;
  }

  char line[256];
  int ll = snprintf(line, sizeof line, "%s:1|c\n", name);
  size_t cap = (size_t)ll * per;
  char *buf = malloc(cap);
  for (int i = 0; i < per; i++) memcpy(buf + (size_t)i * ll, line, ll);

  long sentLines = 0, datagrams = 0, errors = 0;
  double start = now();
  double perLine = rate > 0 ? 1.0 / rate : 0;
  while (sentLines < lines) {
    int n = per;
    if (lines - sentLines < n) n = (int)(lines - sentLines);
    /* last newline is optional; keep it: statsd accepts trailing newlines */
    ssize_t w = send(fd, buf, (size_t)n * ll, 0);
    if (w < 0) {
      if ((errno == ENOBUFS || errno == EAGAIN) && errors < 1000000) {
        errors++;
        continue;
      }
      if (errno == ECONNREFUSED) {
        fprintf(stderr, "nobody listening on %s:%d\n", host, port);
        return 1;
      }
      perror("send");
      return 1;
    }
    sentLines += n;
    datagrams++;
    if (perLine > 0 && (datagrams & 31) == 0) {
      double target = start + sentLines * perLine;
      double t = now();
      if (target > t) {
        double d = target - t;
        struct timespec ts = {(time_t)d, (long)((d - (time_t)d) * 1e9)};
        nanosleep(&ts, NULL);
      }
    }
  }
  double elapsed = now() - start;
  printf("sent_lines=%ld datagrams=%ld send_errors=%ld seconds=%.3f lines_per_s=%.0f\n",
         sentLines, datagrams, errors, elapsed, sentLines / elapsed);
  free(buf);
  close(fd);
  return 0;
}
