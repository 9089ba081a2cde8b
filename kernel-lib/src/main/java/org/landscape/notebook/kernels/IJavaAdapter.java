package org.landscape.notebook.kernels;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Map;
import java.util.UUID;
import org.landscape.display.DisplaySink;
import org.landscape.display.MimeBundle;
import org.landscape.display.Display;
import org.landscape.display.Renderings;

/**
 * IJava 1.3.0 (jupyter-jvm-basekernel 2.3.0): registers a renderer for each type of {@link Renderings} with
 * {@code IJava.getKernelInstance().getRenderer()}, and displays through the kernel for progress bars.
 */
final class IJavaAdapter implements DisplaySink {
    private static final MIMEType[] TYPES = {MIMEType.IMAGE_PNG, MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN};
    private final BaseKernel kernel;

    private IJavaAdapter(BaseKernel kernel) {
        this.kernel = kernel;
    }

    static DisplaySink install() {
        Object instance = Kernels.kernelInstance("io.github.spencerpark.ijava.IJava");
        if (!(instance instanceof BaseKernel)) {
            return null;
        }
        IJavaAdapter adapter = new IJavaAdapter((BaseKernel) instance);
        for (Class<?> type : Renderings.RENDERED_TYPES) {
            register(adapter.kernel, type);
        }
        Display.attach(adapter);
        return adapter;
    }

    private static <T> void register(BaseKernel kernel, Class<T> type) {
        kernel.getRenderer().createRegistration(type).supporting(TYPES).preferring(TYPES)
                .register((value, context) -> copy(Renderings.of(value), context.getOutputContainer()));
    }

    private static DisplayData copy(MimeBundle bundle, DisplayData out) {
        bundle.data().forEach((mime, value) -> out.putData(type(mime), value));
        for (Map.Entry<String, Map<String, Object>> meta : bundle.metadata().entrySet()) {
            out.putMetaData(type(meta.getKey()), meta.getValue());
        }
        return out;
    }

    private static MIMEType type(String mime) {
        switch (mime) {
            case MimeBundle.PNG:
                return MIMEType.IMAGE_PNG;
            case MimeBundle.HTML:
                return MIMEType.TEXT_HTML;
            default:
                return MIMEType.TEXT_PLAIN;
        }
    }

    @Override
    public String display(MimeBundle bundle) {
        DisplayData data = copy(bundle, new DisplayData());
        String id = UUID.randomUUID().toString();
        data.setDisplayId(id);
        kernel.display(data);
        return id;
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        kernel.getIO().display.updateDisplay(id, copy(bundle, new DisplayData()));
    }

    @Override
    public boolean updatesInPlace() {
        return true;
    }

    @Override
    public String name() {
        return "IJava";
    }
}
