/* The ceiling of every HTTP benchmark: a bare libmicrohttpd server, configured as motcua's (thread
 * pool, epoll), answering a constant JSON body. Usage: bench_ceiling PORT [THREADS]. Stops on
 * SIGTERM/SIGINT. */
#define _POSIX_C_SOURCE 200809L
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static const char body[] = "{\"status\":\"ok\",\"version\":\"0.1.0\",\"database\":\"sqlite\"}";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *size, void **con_cls)
{
	(void)cls, (void)url, (void)method, (void)version, (void)data;
	if (!*con_cls) { /* answer only after the first call, as motcua does */
		*con_cls = (void *)1;
		return MHD_YES;
	}
	if (*size) {
		*size = 0;
		return MHD_YES;
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body,
								   MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	enum MHD_Result ret = MHD_queue_response(conn, 200, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_ceiling PORT [THREADS]\n");
		return 2;
	}
	unsigned port = (unsigned)strtoul(argv[1], NULL, 10);
	unsigned threads = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 2;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)port, NULL, NULL, on_request,
		NULL, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, 4096u,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "bench_ceiling: cannot listen on %u\n", port);
		return 1;
	}
	printf("ceiling listening on %u\n", port);
	fflush(stdout);
	while (!stop) {
		struct timespec ts = {0, 100000000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	return 0;
}
