package io.jinference.server.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Videos the pipeline tests make themselves: the test photos, resized to one size, written as H.264
 * in MP4 with JavaCV's recorder (so the objects on each frame are known), and the frames read back
 * with JavaCV as PNG bytes, for single-image requests on exactly the pixels a pipeline sees.
 */
public final class TestVideos {
  private TestVideos() {}

  /** Writes {@code photos} in turn, {@code each} frames apiece, at {@code fps}. */
  public static void write(Path out, List<Path> photos, int each, int width, int height, double fps)
      throws Exception {
    OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toString(), width, height, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoQuality(18);
      recorder.start();
      for (Path photo : photos) {
        try (Mat read = opencv_imgcodecs.imread(photo.toString());
            Mat sized = new Mat()) {
          opencv_imgproc.resize(read, sized, new Size(width, height));
          Frame frame = converter.convert(sized);
          for (int i = 0; i < each; i++) {
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
          }
        }
      }
      recorder.stop();
    }
  }

  /** Every frame of a video, decoded by JavaCV and encoded losslessly as PNG. */
  public static List<byte[]> framesAsPng(Path video) throws Exception {
    List<byte[]> frames = new java.util.ArrayList<>();
    OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString())) {
      grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
      grabber.start();
      Frame f;
      while ((f = grabber.grabImage()) != null) {
        Mat m = converter.convert(f);
        org.bytedeco.javacpp.BytePointer png = new org.bytedeco.javacpp.BytePointer();
        opencv_imgcodecs.imencode(".png", m, png);
        byte[] bytes = new byte[(int) png.limit()];
        png.get(bytes);
        png.close();
        frames.add(bytes);
      }
      grabber.stop();
    }
    return frames;
  }
}
