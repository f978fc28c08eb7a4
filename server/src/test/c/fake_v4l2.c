/*
 * A camera for the tests, where the build machines have none: loaded with LD_PRELOAD into the test JVM, it answers
 * for one device path (FAKE_V4L2_DEVICE, e.g. /dev/video3) the way a V4L2 capture driver does, so that FFmpeg's own
 * video4linux2 input (libavdevice, as the server uses it for a camera index) opens it, negotiates the format, maps
 * its buffers, streams and closes it through the same system calls as on a real camera.
 *
 * The camera sends the frame in FAKE_V4L2_FRAME (raw YUV 4:2:0, I420, FAKE_V4L2_WIDTH x FAKE_V4L2_HEIGHT, read when
 * the device is opened) at FAKE_V4L2_FPS frames per second (default 10). While the file FAKE_V4L2_UNPLUGGED exists,
 * the camera is gone: open fails with ENOENT and a streaming camera fails its next frame with ENODEV, as a USB
 * camera pulled out does. FAKE_V4L2_LOG, if set, gets one line per open, stream start and close. One open at a
 * time; a second is EBUSY, as a camera in use.
 *
 * Every other file, descriptor and mapping goes to the C library unchanged.
 *
 *   cc -shared -fPIC -O2 -o libfakev4l2.so fake_v4l2.c -ldl -lpthread
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAX_BUFFERS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queued_cond = PTHREAD_COND_INITIALIZER;

static struct camera {
  int fd; /* -1 when closed */
  int width, height, fps;
  size_t frame_size;
  unsigned char *frame;
  int streaming;
  int buffers;
  void *start[MAX_BUFFERS];
  int queued[MAX_BUFFERS]; /* FIFO order of queued buffer indexes */
  int queued_count;
  unsigned int sequence;
  struct timespec next;
} cam = {.fd = -1};

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_close)(int);
static int (*real_ioctl)(int, unsigned long, ...);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static void *(*real_mmap64)(void *, size_t, int, int, int, off_t);

static void resolve(void) {
  if (!real_open) {
    real_open = dlsym(RTLD_NEXT, "open");
    real_open64 = dlsym(RTLD_NEXT, "open64");
    real_close = dlsym(RTLD_NEXT, "close");
    real_ioctl = dlsym(RTLD_NEXT, "ioctl");
    real_mmap = dlsym(RTLD_NEXT, "mmap");
    real_mmap64 = dlsym(RTLD_NEXT, "mmap64");
  }
}

static int env_int(const char *name, int fallback) {
  const char *v = getenv(name);
  return v && *v ? atoi(v) : fallback;
}

static int unplugged(void) {
  const char *f = getenv("FAKE_V4L2_UNPLUGGED");
  return f && access(f, F_OK) == 0;
}

static void note(const char *event) {
  const char *path = getenv("FAKE_V4L2_LOG");
  if (!path) return;
  int fd = real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char line[64];
  int n = snprintf(line, sizeof line, "%s\n", event);
  if (write(fd, line, n) < 0) { /* a lost line only weakens the test's evidence */ }
  real_close(fd);
}

static int is_camera(const char *path) {
  const char *device = getenv("FAKE_V4L2_DEVICE");
  return device && path && strcmp(path, device) == 0;
}

/* Opens the camera: a descriptor of /dev/null stands for it, so that every descriptor call is valid. */
static int open_camera(void) {
  pthread_mutex_lock(&lock);
  if (cam.fd >= 0) {
    pthread_mutex_unlock(&lock);
    errno = EBUSY;
    return -1;
  }
  if (unplugged()) {
    pthread_mutex_unlock(&lock);
    errno = ENOENT;
    return -1;
  }
  cam.width = env_int("FAKE_V4L2_WIDTH", 640);
  cam.height = env_int("FAKE_V4L2_HEIGHT", 480);
  cam.fps = env_int("FAKE_V4L2_FPS", 10);
  cam.frame_size = (size_t)cam.width * cam.height * 3 / 2;
  free(cam.frame);
  cam.frame = calloc(1, cam.frame_size);
  const char *path = getenv("FAKE_V4L2_FRAME");
  int in = path ? real_open(path, O_RDONLY | O_CLOEXEC) : -1;
  if (in >= 0) {
    size_t got = 0;
    ssize_t n;
    while (got < cam.frame_size && (n = read(in, cam.frame + got, cam.frame_size - got)) > 0) got += (size_t)n;
    real_close(in);
  }
  int fd = real_open("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd >= 0) {
    cam.fd = fd;
    cam.streaming = 0;
    cam.buffers = 0;
    cam.queued_count = 0;
    cam.sequence = 0;
  }
  pthread_mutex_unlock(&lock);
  if (fd >= 0) note("open");
  return fd;
}

static int open_any(int (*real)(const char *, int, ...), const char *path, int flags, va_list ap) {
  /* a mode follows exactly when glibc's own open reads one (__OPEN_NEEDS_MODE) */
  mode_t mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? va_arg(ap, mode_t) : 0;
  if (is_camera(path)) return open_camera();
  return real(path, flags, mode);
}

int open(const char *path, int flags, ...) {
  resolve();
  va_list ap;
  va_start(ap, flags);
  int fd = open_any(real_open, path, flags, ap);
  va_end(ap);
  return fd;
}

int open64(const char *path, int flags, ...) {
  resolve();
  va_list ap;
  va_start(ap, flags);
  int fd = open_any(real_open64, path, flags, ap);
  va_end(ap);
  return fd;
}

int __open64_2(const char *path, int flags) {
  resolve();
  return is_camera(path) ? open_camera() : real_open64(path, flags);
}

int __open_2(const char *path, int flags) {
  resolve();
  return is_camera(path) ? open_camera() : real_open(path, flags);
}

int close(int fd) {
  resolve();
  int camera = 0;
  pthread_mutex_lock(&lock);
  if (fd >= 0 && fd == cam.fd) {
    cam.fd = -1;
    cam.streaming = 0;
    camera = 1;
    pthread_cond_broadcast(&queued_cond);
  }
  pthread_mutex_unlock(&lock);
  if (camera) note("close");
  return real_close(fd);
}

static size_t buffer_length(void) {
  long page = sysconf(_SC_PAGESIZE);
  return (cam.frame_size + page - 1) / page * page;
}

static void *map(void *(*real)(void *, size_t, int, int, int, off_t), void *addr, size_t length, int prot,
                 int flags, int fd, off_t offset) {
  pthread_mutex_lock(&lock);
  int camera = fd >= 0 && fd == cam.fd;
  if (!camera) {
    pthread_mutex_unlock(&lock);
    return real(addr, length, prot, flags, fd, offset);
  }
  size_t index = (size_t)offset / buffer_length();
  void *p = MAP_FAILED;
  if (index < (size_t)cam.buffers && length <= buffer_length()) {
    p = real(NULL, length, prot, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) cam.start[index] = p;
  } else {
    errno = EINVAL;
  }
  pthread_mutex_unlock(&lock);
  return p;
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  resolve();
  return map(real_mmap, addr, length, prot, flags, fd, offset);
}

void *mmap64(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  resolve();
  return map(real_mmap64, addr, length, prot, flags, fd, offset);
}

static void timespec_add_ns(struct timespec *t, long ns) {
  t->tv_nsec += ns;
  while (t->tv_nsec >= 1000000000L) {
    t->tv_nsec -= 1000000000L;
    t->tv_sec++;
  }
}

static int fail(int error) {
  errno = error;
  return -1;
}

/* Waits for a queued buffer and the next frame's time, fills the buffer with the frame; lock held on entry. */
static int dequeue(struct v4l2_buffer *b) {
  for (;;) {
    if (cam.fd < 0 || !cam.streaming) return fail(EINVAL);
    if (unplugged()) return fail(ENODEV);
    if (cam.queued_count > 0) break;
    pthread_cond_wait(&queued_cond, &lock);
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (cam.next.tv_sec == 0) cam.next = now;
  struct timespec due = cam.next;
  timespec_add_ns(&cam.next, 1000000000L / (cam.fps > 0 ? cam.fps : 10));
  pthread_mutex_unlock(&lock);
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
  pthread_mutex_lock(&lock);
  if (cam.fd < 0 || !cam.streaming) return fail(EINVAL);
  if (unplugged()) return fail(ENODEV);
  int index = cam.queued[0];
  memmove(cam.queued, cam.queued + 1, sizeof(int) * (size_t)(--cam.queued_count));
  memcpy(cam.start[index], cam.frame, cam.frame_size);
  clock_gettime(CLOCK_MONOTONIC, &now);
  memset(b, 0, sizeof *b);
  b->index = (unsigned)index;
  b->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  b->memory = V4L2_MEMORY_MMAP;
  b->bytesused = (unsigned)cam.frame_size;
  b->length = (unsigned)buffer_length();
  b->m.offset = (unsigned)(index * buffer_length());
  b->field = V4L2_FIELD_NONE;
  b->flags = V4L2_BUF_FLAG_MAPPED | V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
  b->sequence = cam.sequence++;
  b->timestamp.tv_sec = now.tv_sec;
  b->timestamp.tv_usec = now.tv_nsec / 1000;
  return 0;
}

static void set_format(struct v4l2_format *f) {
  f->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  f->fmt.pix.width = (unsigned)cam.width;
  f->fmt.pix.height = (unsigned)cam.height;
  f->fmt.pix.pixelformat = V4L2_PIX_FMT_YUV420;
  f->fmt.pix.field = V4L2_FIELD_NONE;
  f->fmt.pix.bytesperline = (unsigned)cam.width;
  f->fmt.pix.sizeimage = (unsigned)cam.frame_size;
  f->fmt.pix.colorspace = V4L2_COLORSPACE_SRGB;
}

static int camera_ioctl(unsigned long request, void *arg) {
  switch (request) {
    case VIDIOC_QUERYCAP: {
      struct v4l2_capability *c = arg;
      memset(c, 0, sizeof *c);
      snprintf((char *)c->driver, sizeof c->driver, "fakev4l2");
      snprintf((char *)c->card, sizeof c->card, "jinference test camera");
      snprintf((char *)c->bus_info, sizeof c->bus_info, "platform:fakev4l2");
      c->version = 0x00060100;
      c->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
      c->capabilities = c->device_caps | V4L2_CAP_DEVICE_CAPS;
      return 0;
    }
    case VIDIOC_G_INPUT:
      *(int *)arg = 0;
      return 0;
    case VIDIOC_S_INPUT:
      return *(int *)arg == 0 ? 0 : fail(EINVAL);
    case VIDIOC_ENUMINPUT: {
      struct v4l2_input *in = arg;
      if (in->index != 0) return fail(EINVAL);
      memset(in, 0, sizeof *in);
      snprintf((char *)in->name, sizeof in->name, "Camera 1");
      in->type = V4L2_INPUT_TYPE_CAMERA;
      return 0;
    }
    case VIDIOC_ENUM_FMT: {
      struct v4l2_fmtdesc *d = arg;
      if (d->index != 0 || d->type != V4L2_BUF_TYPE_VIDEO_CAPTURE) return fail(EINVAL);
      d->pixelformat = V4L2_PIX_FMT_YUV420;
      snprintf((char *)d->description, sizeof d->description, "Planar YUV 4:2:0");
      return 0;
    }
    case VIDIOC_G_FMT:
    case VIDIOC_S_FMT:
    case VIDIOC_TRY_FMT: {
      struct v4l2_format *f = arg;
      if (f->type != V4L2_BUF_TYPE_VIDEO_CAPTURE) return fail(EINVAL);
      set_format(f); /* one size and one format: a driver answers with what it can do */
      return 0;
    }
    case VIDIOC_G_PARM:
    case VIDIOC_S_PARM: {
      struct v4l2_streamparm *p = arg;
      if (p->type != V4L2_BUF_TYPE_VIDEO_CAPTURE) return fail(EINVAL);
      memset(&p->parm, 0, sizeof p->parm);
      p->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
      p->parm.capture.timeperframe.numerator = 1;
      p->parm.capture.timeperframe.denominator = (unsigned)cam.fps;
      return 0;
    }
    case VIDIOC_REQBUFS: {
      struct v4l2_requestbuffers *r = arg;
      if (r->memory != V4L2_MEMORY_MMAP || cam.streaming) return fail(EINVAL);
      cam.buffers = r->count > MAX_BUFFERS ? MAX_BUFFERS : (int)r->count;
      r->count = (unsigned)cam.buffers;
      cam.queued_count = 0;
      return 0;
    }
    case VIDIOC_QUERYBUF: {
      struct v4l2_buffer *b = arg;
      if (b->index >= (unsigned)cam.buffers) return fail(EINVAL);
      b->length = (unsigned)buffer_length();
      b->m.offset = (unsigned)(b->index * buffer_length());
      b->flags = V4L2_BUF_FLAG_MAPPED;
      return 0;
    }
    case VIDIOC_QBUF: {
      struct v4l2_buffer *b = arg;
      if (b->index >= (unsigned)cam.buffers || cam.queued_count >= cam.buffers) return fail(EINVAL);
      cam.queued[cam.queued_count++] = (int)b->index;
      pthread_cond_broadcast(&queued_cond);
      return 0;
    }
    case VIDIOC_DQBUF:
      return dequeue(arg);
    case VIDIOC_STREAMON:
      cam.streaming = 1;
      cam.next.tv_sec = 0;
      return 0;
    case VIDIOC_STREAMOFF:
      cam.streaming = 0;
      cam.queued_count = 0;
      pthread_cond_broadcast(&queued_cond);
      return 0;
    default:
      return fail(ENOTTY); /* what a driver answers to a request it does not know */
  }
}

int ioctl(int fd, unsigned long request, ...) {
  resolve();
  va_list ap;
  va_start(ap, request);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  pthread_mutex_lock(&lock);
  if (fd < 0 || fd != cam.fd) {
    pthread_mutex_unlock(&lock);
    return real_ioctl(fd, request, arg);
  }
  int started = request == VIDIOC_STREAMON;
  int result = camera_ioctl(request, arg);
  pthread_mutex_unlock(&lock);
  if (started && result == 0) note("streamon");
  return result;
}
