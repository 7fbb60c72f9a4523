package dev.vmssrollout.worker.azure;

import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.VirtualHardDisk;
import dev.vmssrollout.model.Image;

/** Between the SDK's image reference / OS disk image and the model's {@link Image}. */
final class ImageMapping {

    private ImageMapping() {
    }

    static Image fromAzure(ImageReference reference, VirtualHardDisk osDiskImage) {
        if (osDiskImage != null && osDiskImage.uri() != null) {
            return Image.osDiskUri(osDiskImage.uri());
        }
        if (reference == null) {
            return null;
        }
        if (reference.id() != null) {
            return Image.gallery(reference.id());
        }
        return Image.platform(reference.publisher(), reference.offer(), reference.sku(), reference.version());
    }

    static ImageReference toReference(Image image) {
        if (image.id() != null) {
            return new ImageReference().withId(image.id());
        }
        return new ImageReference().withPublisher(image.publisher()).withOffer(image.offer())
                .withSku(image.sku()).withVersion(image.version());
    }
}
