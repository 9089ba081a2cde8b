package org.landscape.notebook.kernels;

import java.util.Map;
import java.util.UUID;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.landscape.display.DisplaySink;
import org.landscape.display.MimeBundle;
import org.landscape.display.Display;
import org.landscape.display.Renderings;

/**
 * JJava: loaded as an {@link Extension} service when the library is on the kernel's classpath, and also
 * installed by {@link Notebook#setup()}.
 */
public final class JJavaExtension implements Extension, DisplaySink {
    private static final MIMEType[] TYPES = {MIMEType.IMAGE_PNG, MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN};
    private BaseKernel kernel;

    @Override
    public void install(BaseKernel kernel) {
        this.kernel = kernel;
        for (Class<?> type : Renderings.RENDERED_TYPES) {
            register(kernel, type);
        }
        Display.attach(this);
    }

    static DisplaySink installInRunningKernel() {
        Object instance = Kernels.kernelInstance("org.dflib.jjava.JJava");
        if (!(instance instanceof BaseKernel)) {
            return null;
        }
        JJavaExtension extension = new JJavaExtension();
        extension.install((BaseKernel) instance);
        return extension;
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
        return "JJava";
    }
}
