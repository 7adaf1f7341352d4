namespace Srs.Actors.Tests.Rtmp.Handshake;

/// <summary>
/// C0+C1 exactly as ffmpeg 5.1 sends it (captured from `ffmpeg -i rtmp://...`). ffmpeg seeds its generator
/// with a constant and reports zero uptime, so every ffmpeg client sends these same bytes: a real-world
/// schema-1 C1 that needs no ffmpeg on the test machine.
/// </summary>
internal static class FfmpegClientHello
{
    public static byte[] C0C1() => Convert.FromBase64String(Base64);

    private const string Base64 =
        "AwAAAAAJAHwC93hVHs6rjh42LwfFhopwsmbUAiDlCGEYoi42l9X8K2Mpwi7nx8mwtbNF36g5j+o7yHkgihBoQlqhF0y1cljP" +
        "6+JNpC7E/52hnHtAbxjJW/3QTuSLb4MyFKR7i/aOsFJU4lrpqai0lsVJb26c18aMtrzIQWnmfz43L/4YbahROGLFr961oSGK" +
        "hguszdhpslPbq4oO+1mkjEQgmYdeVbdP0Hobaa8wPgmYc8t34tnixHQesfUGp/Cylir5H1BRyJCjIJlPTIs2oB+pwPFfS3z3" +
        "tsOBfaYJGGEdOwL/fMlAOJN1N9M4LkFr1XV3g035yvdINSFQzpLQ27QOhx/DZOGLfjVp45h2wa4Mt5/216sy+fARhpyNpBke" +
        "9G08G8a3LYOBLyJD0XUqQSYy1mogdfXTAvRc3yuYuAK3mAXcSDfYTt7RzELLp+7DE3v4bdCy1/Yk1SGj/2Vbzw30EBNB0jDp" +
        "RlFijkWnq/gYMQHOmB5ehqb67Fx5qn7HGB6kWe2WbgyTKm+eS/VUq3sckFzeBU7UDS+4m7/GV1LljP3k8qBNw60eXvT8ZNV7" +
        "BxwUFGpFH2oEMVbSiA9ZV9eN/T/yuID2JKxw8nCU83c06vGST2asPWSK4jKTBUSkQgtl7tRpb39Q/gX8lIUWZQv7m2X5U9hI" +
        "40VpZdDXa2J6hONendq9i0Pw+truRYzfWevXc5IuCuUH1eZAkukOxn7YQ56PIhx1Op+SFvHLhbUQe8fMfE+yw+7Rr8cJsZL1" +
        "DeacH/ylZQ77Ujtfq1mXysS371ryv1lz5ik7rh/B2kmb5VFQd95N2z9/vNdBcRxit9gDuNBUz1eBgnFNHERb1pK6G4OaCecm" +
        "b8hdqo+tQz2rvSBs3h6lcXcMa/p5VsJm7oQ16wHKpvWDwNg8M+788/l9uRe9spn4qJ+4hgqxzWRMHoLM4TI6nredJfXcVwtw" +
        "tAuyAGF0M1PQU27Nq9gvInd1YijLVP5pMsTJvRMNK/xwC/XYXaaUbpb4Lgr9jpwgz+q/mmoYm7F7vvU50dnnPulm/LXWvb+Y" +
        "RE3oZb4WBeNAh7NM3wTjr/Vb1BN8Ui0uPHvyY02zJrIqR023+KCVKrNRDeVVOWwYo3ioOQtzv/d3L7J2D6V4ajsEWcRaHRsN" +
        "/0y7tl2g7TTzIRbDwswrlYJREbz7skbBUFqgDJcNBtdsyVDONosiDbIEh8ugK7H8VLNlZ7QpE9a4hQYs13lWAdMaSo5tVkZ/" +
        "pcUhYmdv1SYSJRPD5H8ubZ1qGcT4eVQxqUztA5Ih0nrGinp3DpMFJSJxRZtx0FUFxJd7cOloUSCLrNzffmgrOEiECIDx/sKj" +
        "L7FAaGK8g8rYmt9ynzum/9P+gI6EA+fGoPbc2jIRiY9vFlBbB4zHi4DbYA3tLyAPJf9dyzHTLL4gVri9wxCRYxq70qwo1h/j" +
        "JIDsUDW7818XM5Pw1Zoh0jALLbS1nqpj/+D5PWXcAoUWkF8iqcff84fE63jGMA5+u7KmZjz75amXfK9XZLo/CrpX205gUeCu" +
        "xuBbG9qmSal4de28QLzEIUu3/vcnMNQ2isvT4Qq0x2QqHFP5PKJtucdmVVvib9/w4qchQluVdisLd2/T4+sXMT1TEpyfNAA8" +
        "maUZaoxqrLbWS1HdmLJ8W1mnC9lBoboDAPt0TPxJnZl+bZM5LSinZ9EW37wsuetAVA0R6zBK2TIjhv3Fl9VdPRxnvFTfNUea" +
        "+xnqLNIE3TMe+0nB4XL2u4n79YIH3K5sEvinWYvvHocsDDXyK0wp3xD5uxrdOuuIerX7OMA2uING92HELyld/gtDfftPMKcS" +
        "dqt9QJzkJJY/nrtPH0flKxh4byebWocib2aYHdbQrRH0mvMQVf9pcQ/aNFfEt4UtsuOTbQd4v4efFzStOiT/sa6VhHYLnLBF" +
        "KlO6CWL/4vYFr1KDC9IRpUiIlMwLBSJVBIcRzRmFEKnpQ7+Lg5GYRV+9QQcwBdMDmQuI2bY2VtQ8/sjtg3SPSw8PxRICFnlL" +
        "IqBU5bxYq9jEEJYHCIQ5NFPOUJaUr76r4A==";
}
