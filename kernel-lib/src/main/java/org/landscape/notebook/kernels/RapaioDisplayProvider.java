package org.landscape.notebook.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.landscape.display.DisplaySink;
import org.landscape.display.MimeBundle;
import org.landscape.display.Renderings;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/** rapaio-jupyter-kernel: a {@link DisplayProvider} service with one renderer per type of {@link Renderings}. */
public final class RapaioDisplayProvider implements DisplayProvider {

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        List<DisplayRenderer> renderers = new ArrayList<>();
        for (Class<?> type : Renderings.RENDERED_TYPES) {
            renderers.add(new Renderer(type));
        }
        return renderers;
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of();
    }

    /** The kernel's sink when this JVM is a running rapaio kernel (its kernel object exists even when not). */
    static DisplaySink sink() {
        String command = System.getProperty("sun.java.command", "");
        boolean running = command.contains("rapaio-jupyter-kernel") || command.contains(MainApp.class.getName());
        return running && MainApp.kernel != null ? new Sink() : null;
    }

    static DisplayData toDisplayData(MimeBundle bundle, String requestedMime) {
        // Put the richest form first; rapaio's DisplayData starts from one typed entry.
        String first = bundle.has(MimeBundle.PNG) ? MimeBundle.PNG : bundle.has(MimeBundle.HTML) ? MimeBundle.HTML : MimeBundle.TEXT;
        if (requestedMime != null && bundle.has(requestedMime)) {
            first = requestedMime;
        }
        DisplayData data = DisplayData.withType(first, bundle.get(first));
        bundle.data().forEach((mime, value) -> {
            if (requestedMime == null || requestedMime.equals(mime) || MimeBundle.TEXT.equals(mime)) {
                data.putData(mime, value);
            }
        });
        for (Map.Entry<String, Map<String, Object>> meta : bundle.metadata().entrySet()) {
            data.putMetaData(meta.getKey(), meta.getValue());
        }
        return data;
    }

    private static final class Renderer implements DisplayRenderer {
        private final Class<?> type;

        Renderer(Class<?> type) {
            this.type = type;
        }

        @Override
        public Class<?> rendererClass() {
            return type;
        }

        @Override
        public boolean canRender(String mimeType) {
            return mimeType == null || mimeType.isEmpty() || MimeBundle.PNG.equals(mimeType)
                    || MimeBundle.HTML.equals(mimeType) || MimeBundle.TEXT.equals(mimeType);
        }

        @Override
        public DisplayData render(String mimeType, Object value) {
            return toDisplayData(Renderings.of(value), mimeType == null || mimeType.isEmpty() ? null : mimeType);
        }
    }

    private static final class Sink implements DisplaySink {
        @Override
        public String display(MimeBundle bundle) {
            DisplayData data = toDisplayData(bundle, null);
            String id = UUID.randomUUID().toString();
            data.setDisplayId(id);
            MainApp.kernel.display(data);
            return id;
        }

        @Override
        public void update(String id, MimeBundle bundle) {
            DisplayData data = toDisplayData(bundle, null);
            data.setDisplayId(id);
            MainApp.kernel.updateDisplay(data);
        }

        @Override
        public boolean updatesInPlace() {
            return true;
        }

        @Override
        public String name() {
            return "rapaio-jupyter-kernel";
        }
    }
}
