// Generates the synthetic H&E-like test images in test-images/ (run from the repo root):
//   java tools/MakeTestImages.java test-images
// Each image comes with its ground truth (16-bit instance labels) and example clicks (5 fg, 5 bg),
// drawn with a fixed seed so that the files are reproducible. No real data is copied.
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

public class MakeTestImages {
    record Nucleus(double cx, double cy, double a, double b, double angle) {
        boolean contains(double x, double y) {
            double dx = x - cx, dy = y - cy, c = Math.cos(angle), s = Math.sin(angle);
            double u = (dx * c + dy * s) / a, v = (-dx * s + dy * c) / b;
            return u * u + v * v <= 1;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "test-images");
        Files.createDirectories(dir);
        make(dir, "nuclei", 384, 384, 60, 7);
    }

    static void make(Path dir, String name, int w, int h, int count, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<Nucleus> nuclei = new ArrayList<>();
        int tries = 0;
        while (nuclei.size() < count && tries++ < 10000) {
            double a = 6 + rnd.nextDouble() * 5, b = a * (0.6 + 0.4 * rnd.nextDouble());
            Nucleus n = new Nucleus(12 + rnd.nextDouble() * (w - 24), 12 + rnd.nextDouble() * (h - 24), a, b, rnd.nextDouble() * Math.PI);
            boolean ok = true;
            for (Nucleus m : nuclei) {
                double d = Math.hypot(n.cx - m.cx, n.cy - m.cy);
                // Mostly separate, but every so often two nuclei touch: the watershed must split them.
                if (d < (n.a + m.a) * (rnd.nextDouble() < 0.15 ? 0.8 : 1.3)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                nuclei.add(n);
            }
        }
        int[] labels = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < nuclei.size(); k++) {
                    if (nuclei.get(k).contains(x, y)) {
                        labels[y * w + x] = k + 1;
                        break;
                    }
                }
            }
        }
        // Stroma: pink with smooth variation and fibre-like streaks; a few pale (lumen-like) patches.
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double[] pale = new double[6];
        for (int i = 0; i < pale.length; i += 3) {
            pale[i] = rnd.nextDouble() * w;
            pale[i + 1] = rnd.nextDouble() * h;
            pale[i + 2] = 20 + rnd.nextDouble() * 25;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double streak = 0.5 + 0.5 * Math.sin(0.07 * x + 0.03 * y + 2 * Math.sin(0.02 * y));
                double r = 232 - 12 * streak, g = 168 - 25 * streak, b = 205 - 10 * streak;
                for (int i = 0; i < pale.length; i += 3) {
                    if (Math.hypot(x - pale[i], y - pale[i + 1]) < pale[i + 2]) {
                        r = 246; g = 238; b = 244;
                    }
                }
                int l = labels[y * w + x];
                if (l > 0) {
                    double chromatin = rnd.nextDouble();
                    r = 95 + 40 * chromatin; g = 55 + 35 * chromatin; b = 150 + 30 * chromatin;
                }
                r += rnd.nextGaussian() * 6; g += rnd.nextGaussian() * 6; b += rnd.nextGaussian() * 6;
                rgb.setRGB(x, y, (clamp(r) << 16) | (clamp(g) << 8) | clamp(b));
            }
        }
        BufferedImage blurred = blur(rgb);
        ImageIO.write(blurred, "png", dir.resolve(name + ".png").toFile());
        writeLabels(dir.resolve(name + "-truth.png").toFile(), labels, w, h);
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int k = 0; k < 5; k++) {
            Nucleus n = nuclei.get(k * nuclei.size() / 5);
            csv.append(Math.round(n.cx)).append(',').append(Math.round(n.cy)).append(",fg\n");
        }
        int bg = 0;
        while (bg < 5) {
            int x = 5 + rnd.nextInt(w - 10), y = 5 + rnd.nextInt(h - 10);
            boolean far = true;
            for (Nucleus n : nuclei) {
                far &= Math.hypot(x - n.cx, y - n.cy) > n.a + 8;
            }
            if (far) {
                csv.append(x).append(',').append(y).append(",bg\n");
                bg++;
            }
        }
        Files.writeString(dir.resolve(name + "-points.csv"), csv.toString());
        System.out.println("wrote " + name + ": " + nuclei.size() + " nuclei, " + w + "x" + h);
    }

    static BufferedImage blur(BufferedImage in) {
        int w = in.getWidth(), h = in.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] s = new int[3];
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.max(0, Math.min(w - 1, x + dx)), yy = Math.max(0, Math.min(h - 1, y + dy));
                        int p = in.getRGB(xx, yy);
                        s[0] += (p >> 16) & 255; s[1] += (p >> 8) & 255; s[2] += p & 255;
                        n++;
                    }
                }
                out.setRGB(x, y, ((s[0] / n) << 16) | ((s[1] / n) << 8) | (s[2] / n));
            }
        }
        return out;
    }

    static void writeLabels(File file, int[] labels, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        short[] px = ((java.awt.image.DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < labels.length; i++) {
            px[i] = (short) labels[i];
        }
        ImageIO.write(img, "png", file);
    }

    static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
