package io.sbme.composer.render;

/**
 * The values a template is filled with for one message. Any value may be null; the template's
 * default (or the renderer's) then stands in.
 *
 * @param imagePath the product image as the store serves it, relative ({@code /img/...}) or absolute
 */
public record RenderInput(String messageId, String productName, Integer discountPercent, String imagePath,
                          String trackingCode, String trackingUrl, String name) {
}
